package org.kamaelia.http.net;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A run of bytes travelling between components: bytes read from a socket, or bytes to write to one.
 *
 * <p>Ownership passes with the message: whoever makes a chunk from an array must not change the array
 * afterwards. Readers get read-only views, so a chunk is safe to share.
 */
public final class ByteChunk {
    /** A chunk with no bytes. */
    public static final ByteChunk EMPTY = new ByteChunk(new byte[0], 0, 0);

    private final byte[] array;
    private final int offset;
    private final int length;

    private ByteChunk(byte[] array, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, array.length);
        this.array = array;
        this.offset = offset;
        this.length = length;
    }

    /** Wraps {@code bytes} without copying; the caller gives up the array. */
    public static ByteChunk wrap(byte[] bytes) {
        return new ByteChunk(bytes, 0, bytes.length);
    }

    /** Wraps part of {@code bytes} without copying; the caller gives up the array. */
    public static ByteChunk wrap(byte[] bytes, int offset, int length) {
        return new ByteChunk(bytes, offset, length);
    }

    /** Copies {@code bytes}. */
    public static ByteChunk copyOf(byte[] bytes) {
        return wrap(bytes.clone());
    }

    /** Encodes {@code text} as UTF-8. */
    public static ByteChunk utf8(String text) {
        return wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Copies the remaining bytes of {@code buffer}, leaving its position at its limit. */
    public static ByteChunk copyOf(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return wrap(bytes);
    }

    /** The number of bytes. */
    public int length() {
        return length;
    }

    /** Whether there are no bytes. */
    public boolean isEmpty() {
        return length == 0;
    }

    /** The byte at {@code index}. */
    public byte byteAt(int index) {
        Objects.checkIndex(index, length);
        return array[offset + index];
    }

    /** A read-only buffer over the bytes, positioned at the first. */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(array, offset, length).asReadOnlyBuffer();
    }

    /** A chunk sharing the bytes from {@code from} (inclusive) to {@code to} (exclusive). */
    public ByteChunk slice(int from, int to) {
        Objects.checkFromToIndex(from, to, length);
        return new ByteChunk(array, offset + from, to - from);
    }

    /** Copies the bytes into {@code target} at {@code position}. */
    public void copyTo(byte[] target, int position) {
        System.arraycopy(array, offset, target, position, length);
    }

    /** A copy of the bytes. */
    public byte[] toArray() {
        byte[] copy = new byte[length];
        System.arraycopy(array, offset, copy, 0, length);
        return copy;
    }

    /** The bytes decoded as UTF-8, for tests and logs. */
    public String utf8() {
        return new String(array, offset, length, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ByteChunk[" + length + " bytes]";
    }
}
