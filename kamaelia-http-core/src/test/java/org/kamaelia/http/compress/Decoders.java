package org.kamaelia.http.compress;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/** The client side of the compression tests: the JDK's inflater for gzip and deflate, zstd-jni's decoder for zstd. */
final class Decoders {
    private Decoders() {}

    /** The plain bytes of a complete coded body. */
    static byte[] decode(ContentCoding coding, byte[] coded) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(coded);
        try (InputStream plain = switch (coding) {
            case GZIP -> new GZIPInputStream(in);
            case DEFLATE -> new InflaterInputStream(in);
            case ZSTD -> new ZstdInputStream(in);
        }) {
            return plain.readAllBytes();
        }
    }

    /** A zstd decoder fed coded bytes as they arrive, the way a client decodes a live stream. */
    static final class ZstdStream implements AutoCloseable {
        private final ZstdDecompressCtx context = new ZstdDecompressCtx();
        private final ByteBuffer in = ByteBuffer.allocateDirect(1 << 20).flip(); // kept ready to read
        private final ByteBuffer out = ByteBuffer.allocateDirect(1 << 16);
        private boolean frameEnded;

        /** Takes {@code length} more coded bytes; returns all that the bytes fed so far decode to and did not yet. */
        byte[] feed(byte[] coded, int offset, int length) {
            in.compact().put(coded, offset, length).flip();
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            while (true) {
                int taken = in.position();
                out.clear();
                // true once the frame's last block is decoded; the calls after it (no input left) say false
                frameEnded |= context.decompressDirectByteBufferStream(out, in);
                out.flip();
                byte[] produced = new byte[out.remaining()];
                out.get(produced);
                plain.writeBytes(produced);
                if (produced.length == 0 && in.position() == taken) {
                    return plain.toByteArray(); // no progress: the decoder needs more coded bytes
                }
            }
        }

        /** Takes all of {@code coded}. */
        byte[] feed(byte[] coded) {
            return feed(coded, 0, coded.length);
        }

        /** Whether the bytes fed so far ended the zstd frame, that is the whole body. */
        boolean frameEnded() {
            return frameEnded;
        }

        @Override
        public void close() {
            context.close();
        }
    }
}
