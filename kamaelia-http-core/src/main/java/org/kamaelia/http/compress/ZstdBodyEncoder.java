package org.kamaelia.http.compress;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.kamaelia.http.message.ByteChunk;

/**
 * Compresses one response body into one Zstandard frame (RFC 8878) with zstd-jni's streaming context. A flushed
 * write ends with a zstd flush (the block so far is complete and decodable); {@link #finish()} ends the frame.
 *
 * <p>The only class of the core that links to zstd-jni: it is loaded only once {@link ZstdSupport} has found the
 * library, so the core runs without it.
 */
final class ZstdBodyEncoder implements BodyEncoder {
    // Contexts not yet ended, process-wide: how tests see that a cut exchange released its native memory.
    private static final AtomicLong LIVE = new AtomicLong();

    private final ZstdCompressCtx context;
    private ByteBuffer out;
    private ByteBuffer copy; // zstd-jni takes heap input only from a writable array, not a read-only view
    private boolean ended;

    /**
     * A context at {@code level} (1 to 19: at most an 8 MiB window, what RFC 9659 lets an HTTP zstd decoder
     * expect); {@code length}, when not -1, is pledged so that zstd sizes its tables to the body and writes the
     * length into the frame.
     */
    ZstdBodyEncoder(int level, long length) {
        this.context = new ZstdCompressCtx();
        LIVE.incrementAndGet();
        try {
            context.setLevel(level);
            if (length >= 0) {
                context.setPledgedSrcSize(length);
            }
        } catch (RuntimeException e) {
            end(); // the context exists: its native memory must not wait for a finalizer
            throw e;
        }
    }

    /** How many zstd contexts in this process have not been {@linkplain #end() ended}. */
    static long live() {
        return LIVE.get();
    }

    @Override
    public ContentCoding coding() {
        return ContentCoding.ZSTD;
    }

    @Override
    public void write(ByteChunk chunk, boolean flush) {
        requireOpen();
        ByteBuffer in = input(chunk);
        if (in.hasRemaining()) {
            run(in, EndDirective.CONTINUE);
        }
        if (flush) {
            run(in, EndDirective.FLUSH);
        }
    }

    @Override
    public void finish() {
        requireOpen();
        run(ByteBuffer.allocate(0), EndDirective.END);
        end();
    }

    @Override
    public ByteChunk take() {
        if (out == null || out.position() == 0) {
            return ByteChunk.EMPTY;
        }
        ByteChunk chunk = ByteChunk.wrap(out.array(), 0, out.position());
        out = null;
        return chunk;
    }

    @Override
    public void end() {
        if (!ended) {
            ended = true;
            context.close();
            LIVE.decrementAndGet();
        }
    }

    @Override
    public boolean isEnded() {
        return ended;
    }

    private ByteBuffer input(ByteChunk chunk) {
        if (chunk.isDirect()) {
            return chunk.buffer(); // read by address, read-only or not
        }
        if (copy == null || copy.capacity() < chunk.length()) {
            copy = ByteBuffer.allocate(Math.max(chunk.length(), 16 * 1024));
        }
        copy.clear();
        chunk.copyTo(0, copy, chunk.length());
        return copy.flip();
    }

    /**
     * Feeds {@code in} with {@code directive}: CONTINUE until zstd has taken all of it; FLUSH and END until zstd
     * says nothing is left inside it. The output grows when zstd fills it.
     */
    private void run(ByteBuffer in, EndDirective directive) {
        while (true) {
            room(in.remaining());
            boolean drained = context.compressByteBufferStream(out, in, directive);
            boolean done = directive == EndDirective.CONTINUE ? !in.hasRemaining() : drained;
            if (done && out.hasRemaining()) {
                return;
            }
        }
    }

    private void room(int expected) {
        if (out == null) {
            // Text of the kinds compressed here shrinks to a quarter or less; the buffer grows when it does not.
            out = ByteBuffer.allocate(Math.max(256, (expected >>> 2) + 64));
        } else if (out.remaining() < 64) {
            ByteBuffer bigger = ByteBuffer.allocate(out.capacity() * 2);
            out.flip();
            bigger.put(out);
            out = bigger;
        }
    }

    private void requireOpen() {
        if (ended) {
            throw new IllegalStateException("the zstd stream has ended");
        }
    }
}
