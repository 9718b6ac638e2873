package org.kamaelia.http.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * A run of bytes travelling between components: bytes read from a socket, or bytes to write to one.
 *
 * <p>A chunk is immutable once made. Whoever makes a chunk from an array or a buffer gives it up and must
 * not change it afterwards; readers get read-only views, so a chunk is safe to share and to slice without
 * copying.
 */
public final class ByteChunk implements RequestPart, ResponsePart {
    /** A chunk with no bytes. */
    public static final ByteChunk EMPTY = new ByteChunk(ByteBuffer.allocate(0));

    /**
     * A chunk's weight in a box measured in bytes: its {@link #length()}. Every box weighed in bytes uses this one
     * instance, because each {@code ByteChunk::length} written out is a class of its own, and with three of them
     * the inbox's one call of its weigher stops being inlined (a TLS connection has three such boxes).
     */
    public static final ToLongFunction<ByteChunk> LENGTH = ByteChunk::length;

    private final ByteBuffer bytes;

    private ByteChunk(ByteBuffer bytes) {
        this.bytes = bytes;
    }

    /** Wraps {@code bytes} without copying; the caller gives up the array. */
    public static ByteChunk wrap(byte[] bytes) {
        return new ByteChunk(ByteBuffer.wrap(bytes));
    }

    /** Wraps part of {@code bytes} without copying; the caller gives up the array. */
    public static ByteChunk wrap(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return new ByteChunk(ByteBuffer.wrap(bytes, offset, length).slice());
    }

    /** Wraps the remaining bytes of {@code buffer} without copying; the caller gives up the buffer. */
    public static ByteChunk wrap(ByteBuffer buffer) {
        return new ByteChunk(buffer.slice());
    }

    /** Copies {@code bytes}. */
    public static ByteChunk copyOf(byte[] bytes) {
        return wrap(bytes.clone());
    }

    /** Encodes {@code text} as UTF-8. */
    public static ByteChunk utf8(String text) {
        return wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Encodes {@code text} as ISO-8859-1 (for protocol text, which is ASCII). */
    public static ByteChunk ascii(String text) {
        return wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Copies the remaining bytes of {@code buffer}, leaving its position at its limit. */
    public static ByteChunk copyOf(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.get(copy);
        return wrap(copy);
    }

    /** The number of bytes. */
    public int length() {
        return bytes.remaining();
    }

    /** Whether there are no bytes. */
    public boolean isEmpty() {
        return !bytes.hasRemaining();
    }

    /** The byte at {@code index}. */
    public byte byteAt(int index) {
        Objects.checkIndex(index, length());
        return bytes.get(bytes.position() + index);
    }

    /** A read-only buffer over the bytes, positioned at the first; each call gives a fresh view. */
    public ByteBuffer buffer() {
        return bytes.asReadOnlyBuffer();
    }

    /** Whether the bytes live outside the heap (a file mapping, say), where a socket can write them directly. */
    public boolean isDirect() {
        return bytes.isDirect();
    }

    /** Copies {@code length} bytes from {@code offset} into {@code target} at its position, advancing it. */
    public void copyTo(int offset, ByteBuffer target, int length) {
        int at = target.position();
        target.put(at, bytes, bytes.position() + offset, length);
        target.position(at + length);
    }

    /** A chunk sharing the bytes from {@code from} (inclusive) to {@code to} (exclusive). */
    public ByteChunk slice(int from, int to) {
        Objects.checkFromToIndex(from, to, length());
        return new ByteChunk(bytes.slice(bytes.position() + from, to - from));
    }

    /** A copy of the bytes. */
    public byte[] toArray() {
        byte[] copy = new byte[length()];
        bytes.duplicate().get(copy);
        return copy;
    }

    /** The bytes decoded as UTF-8, for tests and logs. */
    public String utf8() {
        return StandardCharsets.UTF_8.decode(bytes.duplicate()).toString();
    }

    @Override
    public String toString() {
        return "ByteChunk[" + length() + " bytes]";
    }
}
