package org.kamaelia.http.compress;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.kamaelia.http.message.ByteChunk;

/**
 * Compresses one response body into gzip (RFC 1952) or zlib (RFC 1950, HTTP's {@code deflate}) with the JDK's
 * {@link Deflater}. A flushed write ends with a sync flush; {@link #finish()} writes gzip's trailer.
 */
final class BodyDeflater implements BodyEncoder {
    // Deflaters not yet ended, process-wide: how tests see that a cut exchange released its native memory.
    private static final AtomicLong LIVE = new AtomicLong();
    private static final byte[] GZIP_HEADER = {
        0x1f,
        (byte) 0x8b, // magic
        Deflater.DEFLATED, // CM: deflate
        0, // FLG: no name, comment or extra field
        0,
        0,
        0,
        0, // MTIME: none
        0, // XFL
        (byte) 0xff // OS: unknown
    };

    private final ContentCoding coding;
    private final Deflater deflater;
    private final CRC32 crc;
    private byte[] out;
    private int used;
    private boolean started;
    private boolean ended;

    BodyDeflater(ContentCoding coding, int level) {
        if (coding != ContentCoding.GZIP && coding != ContentCoding.DEFLATE) {
            throw new IllegalArgumentException("not a deflate coding: " + coding);
        }
        this.coding = coding;
        // gzip wraps a raw deflate stream in its own header and trailer; zlib's wrapper is written by zlib itself
        this.deflater = new Deflater(level, coding == ContentCoding.GZIP);
        this.crc = coding == ContentCoding.GZIP ? new CRC32() : null;
        LIVE.incrementAndGet();
    }

    /** How many deflaters in this process have not been {@linkplain #end() ended}. */
    static long live() {
        return LIVE.get();
    }

    /** The coding produced. */
    @Override
    public ContentCoding coding() {
        return coding;
    }

    /** Compresses {@code chunk}; with {@code flush}, everything written so far becomes decodable. */
    @Override
    public void write(ByteChunk chunk, boolean flush) {
        requireOpen();
        start(chunk.length());
        if (!chunk.isEmpty()) {
            if (crc != null) {
                crc.update(chunk.buffer());
            }
            deflater.setInput(chunk.buffer());
            drain(Deflater.NO_FLUSH);
        }
        if (flush) {
            drain(Deflater.SYNC_FLUSH);
        }
    }

    /** Ends the compressed stream: what zlib held back, its end, and gzip's CRC-32 and length. */
    @Override
    public void finish() {
        requireOpen();
        start(0);
        deflater.finish();
        while (!deflater.finished()) {
            room(64);
            used += deflater.deflate(out, used, out.length - used);
        }
        if (crc != null) {
            room(8);
            writeIntLittleEndian((int) crc.getValue());
            writeIntLittleEndian((int) deflater.getBytesRead()); // ISIZE: the input's length modulo 2^32
        }
        end();
    }

    /** What was produced since the last take (possibly nothing); the buffer is handed over with it. */
    @Override
    public ByteChunk take() {
        if (used == 0) {
            return ByteChunk.EMPTY;
        }
        ByteChunk chunk = ByteChunk.wrap(out, 0, used);
        out = null;
        used = 0;
        return chunk;
    }

    /** Frees the native memory; later writes and finishes throw {@link IllegalStateException}. Idempotent. */
    @Override
    public void end() {
        if (!ended) {
            ended = true;
            deflater.end();
            LIVE.decrementAndGet();
        }
    }

    /** Whether {@link #end()} has run. */
    @Override
    public boolean isEnded() {
        return ended;
    }

    private void requireOpen() {
        if (ended) {
            throw new IllegalStateException("the " + coding.token() + " stream has ended");
        }
    }

    private void start(int expected) {
        if (out == null) {
            // Text of the kinds compressed here shrinks to a quarter or less; the buffer grows when it does not.
            out = new byte[Math.max(256, (expected >>> 2) + 64)];
        }
        if (!started) {
            started = true;
            if (crc != null) {
                System.arraycopy(GZIP_HEADER, 0, out, 0, GZIP_HEADER.length);
                used = GZIP_HEADER.length;
            }
        }
    }

    private void drain(int mode) {
        // NO_FLUSH: until zlib has taken all the input; SYNC_FLUSH: until a call leaves room unused (its contract).
        while (true) {
            room(64);
            int space = out.length - used;
            int n = deflater.deflate(out, used, space, mode);
            used += n;
            if (n < space && (mode != Deflater.NO_FLUSH || deflater.needsInput())) {
                return;
            }
        }
    }

    private void room(int atLeast) {
        if (out.length - used < atLeast) {
            byte[] bigger = new byte[Math.max(out.length * 2, used + atLeast)];
            System.arraycopy(out, 0, bigger, 0, used);
            out = bigger;
        }
    }

    private void writeIntLittleEndian(int value) {
        ByteBuffer.wrap(out, used, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(value);
        used += 4;
    }
}
