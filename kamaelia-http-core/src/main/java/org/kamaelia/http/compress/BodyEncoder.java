package org.kamaelia.http.compress;

import org.kamaelia.http.message.ByteChunk;

/**
 * Codes one response body in one content coding: pure, no I/O, no threads; one per response, used by one
 * component.
 *
 * <p>{@link #write} takes the body a chunk at a time; {@link #take()} hands over what has been produced since the
 * last take. A chunk written with {@code flush} is followed by a flush of the coder, so every byte of it can be
 * decoded by the client at once (a live stream stays live); without, the coder may keep it back to compress
 * better. {@link #finish()} ends the coded stream; {@link #end()} frees the coder's native memory and is safe to
 * call any number of times, finished or not.
 */
interface BodyEncoder {
    /**
     * An encoder of {@code coding} with the levels of {@code settings}; {@code length} is the whole body's length
     * when it is known before the first write, else -1. Zstd must be {@linkplain ZstdSupport#isAvailable()
     * available}: only then is the class that links to zstd-jni loaded.
     */
    static BodyEncoder open(ContentCoding coding, Compression settings, long length) {
        if (coding == ContentCoding.ZSTD) {
            return new ZstdBodyEncoder(settings.zstdLevel(), length);
        }
        return new BodyDeflater(coding, settings.level());
    }

    /** The coding produced. */
    ContentCoding coding();

    /** Codes {@code chunk}; with {@code flush}, everything written so far becomes decodable. */
    void write(ByteChunk chunk, boolean flush);

    /** Ends the coded stream (with whatever trailer the format has) and frees the coder. */
    void finish();

    /** What was produced since the last take (possibly nothing); the buffer is handed over with it. */
    ByteChunk take();

    /** Frees the native memory; later writes and finishes throw {@link IllegalStateException}. Idempotent. */
    void end();

    /** Whether {@link #end()} has run. */
    boolean isEnded();
}
