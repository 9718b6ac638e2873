package org.kamaelia.http.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A piece of a request or response body. Immutable: it holds a read-only view of bytes that nobody changes
 * after the chunk is made (whoever wraps an array gives it up).
 */
public final class BodyChunk implements RequestPart, ResponsePart {
    private final ByteBuffer bytes;

    private BodyChunk(ByteBuffer bytes) {
        this.bytes = bytes;
    }

    /** Wraps the remaining bytes of {@code buffer} without copying; the caller gives the buffer up. */
    public static BodyChunk wrap(ByteBuffer buffer) {
        return new BodyChunk(buffer.slice().asReadOnlyBuffer());
    }

    /** Wraps {@code bytes} without copying; the caller gives the array up. */
    public static BodyChunk wrap(byte[] bytes) {
        return new BodyChunk(ByteBuffer.wrap(bytes).asReadOnlyBuffer());
    }

    /** Text encoded as UTF-8: the length is that of the bytes, not of the characters. */
    public static BodyChunk utf8(CharSequence text) {
        return wrap(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The number of bytes. */
    public int length() {
        return bytes.remaining();
    }

    /** A read-only view of the bytes, positioned at the first; each call gives a fresh view. */
    public ByteBuffer bytes() {
        return bytes.duplicate();
    }

    /** A copy of the bytes. */
    public byte[] toArray() {
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        return copy;
    }

    /** The bytes decoded as UTF-8. */
    public String utf8() {
        return StandardCharsets.UTF_8.decode(bytes.duplicate()).toString();
    }

    @Override
    public String toString() {
        return "BodyChunk[" + length() + " bytes]";
    }
}
