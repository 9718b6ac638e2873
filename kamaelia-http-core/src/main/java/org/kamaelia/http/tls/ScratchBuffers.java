package org.kamaelia.http.tls;

import java.nio.ByteBuffer;

/**
 * Buffers for {@code wrap} and {@code unwrap}, one set per event-loop thread: their outputs and the records gathered
 * for {@code unwrap}. Every call's output is copied into a chunk, and what an unwrap leaves unread into the
 * connection's own buffer, before the engine returns to the loop, so no connection keeps these between calls: an
 * idle TLS connection holds no 16 KiB buffers of its own. A buffer grows when the session asks for more
 * ({@code BUFFER_OVERFLOW}), to the sizes the session reports.
 */
final class ScratchBuffers {
    private static final ThreadLocal<ScratchBuffers> PER_THREAD = ThreadLocal.withInitial(ScratchBuffers::new);

    private ByteBuffer cipher = ByteBuffer.allocate(0);
    private ByteBuffer plain = ByteBuffer.allocate(0);
    private ByteBuffer cipherInput = ByteBuffer.allocate(0);

    private ScratchBuffers() {}

    static ScratchBuffers forThisThread() {
        return PER_THREAD.get();
    }

    /** A cleared buffer of at least {@code size} bytes for records that {@code wrap} makes. */
    ByteBuffer cipher(int size) {
        if (cipher.capacity() < size) {
            cipher = ByteBuffer.allocate(size);
        }
        cipher.clear();
        return cipher;
    }

    /** A cleared buffer of at least {@code size} bytes for the plain bytes that {@code unwrap} makes. */
    ByteBuffer plain(int size) {
        if (plain.capacity() < size) {
            plain = ByteBuffer.allocate(size);
        }
        plain.clear();
        return plain;
    }

    /** A cleared buffer of at least {@code size} bytes in which records are gathered for {@code unwrap}. */
    ByteBuffer cipherInput(int size) {
        if (cipherInput.capacity() < size) {
            cipherInput = ByteBuffer.allocate(size);
        }
        cipherInput.clear();
        return cipherInput;
    }
}
