package org.kamaelia.http.bench;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.InflaterInputStream;

/**
 * The measurement behind the zstd decision of docs/compression.md: the JDK's deflate (gzip level 6, the server's
 * default) against zstd-jni at several levels, on {@link JsonBody}, sent the way the server sends a streamed
 * response (16 KiB parts, each flushed so the client can decode it at once) and the way it sends a whole body (one
 * go, no flush). Per coding: the compressed size, and the CPU time of this thread per MiB of input (median of the
 * measured runs, after warm-up runs). Every output is decompressed once and compared with the input.
 *
 * <pre>
 *   taskset -c 0 java -cp "$CP" org.kamaelia.http.bench.CodingComparison [warm-up runs (20)] [measured runs (30)]
 * </pre>
 */
public final class CodingComparison {
    private static final int PART = 16 * 1024;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CodingComparison() {}

    /** One way to compress a body: the body in, the coded bytes out. */
    private interface Coder {
        byte[] code(byte[] body, boolean flushEachPart);
    }

    /** Runs the comparison and prints one table row per coding and mode. */
    public static void main(String[] args) throws IOException {
        int warmUps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        byte[] body = JsonBody.bytes();
        List<String> names = new ArrayList<>();
        List<Coder> coders = new ArrayList<>();
        for (int level : new int[] {1, 6, 9}) {
            names.add("deflate-" + level);
            coders.add((b, flush) -> deflate(b, level, flush));
        }
        for (int level : new int[] {1, 3, 4, 5, 6, 7, 9, 19}) {
            names.add("zstd-" + level);
            coders.add((b, flush) -> zstd(b, level, flush));
        }
        System.out.printf(
                Locale.ROOT,
                "body %d bytes, parts of %d bytes, %d warm-up and %d measured runs per row; %s%n",
                body.length,
                PART,
                warmUps,
                runs,
                System.getProperty("java.vm.version"));
        System.out.println("| coding | mode | compressed bytes | ratio | CPU ms per MiB (median) | min | max |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (boolean flush : new boolean[] {true, false}) {
            for (int i = 0; i < coders.size(); i++) {
                Coder coder = coders.get(i);
                byte[] coded = coder.code(body, flush);
                String name = names.get(i);
                byte[] back = name.startsWith("zstd") ? unzstd(coded) : inflate(coded);
                if (!Arrays.equals(back, body)) {
                    throw new IllegalStateException(name + " did not round-trip");
                }
                for (int w = 0; w < warmUps; w++) {
                    coder.code(body, flush);
                }
                double[] msPerMiB = new double[runs];
                for (int r = 0; r < runs; r++) {
                    long start = THREADS.getCurrentThreadCpuTime();
                    coder.code(body, flush);
                    long cpu = THREADS.getCurrentThreadCpuTime() - start;
                    msPerMiB[r] = cpu / 1e6 * (1 << 20) / body.length;
                }
                Arrays.sort(msPerMiB);
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %s | %d | %.2f %% | %.2f | %.2f | %.2f |%n",
                        name,
                        flush ? "16 KiB parts, flush each" : "whole, no flush",
                        coded.length,
                        100.0 * coded.length / body.length,
                        msPerMiB[runs / 2],
                        msPerMiB[0],
                        msPerMiB[runs - 1]);
            }
        }
    }

    /** The zlib format (the same deflate work as gzip, a different 10-byte wrapper) through the JDK's zlib. */
    private static byte[] deflate(byte[] body, int level, boolean flushEachPart) {
        Deflater deflater = new Deflater(level);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4);
        byte[] buffer = new byte[64 * 1024];
        try {
            int step = flushEachPart ? PART : body.length;
            for (int at = 0; at < body.length; at += step) {
                deflater.setInput(body, at, Math.min(step, body.length - at));
                while (!deflater.needsInput()) {
                    out.write(buffer, 0, deflater.deflate(buffer, 0, buffer.length, Deflater.NO_FLUSH));
                }
                if (flushEachPart) {
                    int n;
                    do {
                        n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                        out.write(buffer, 0, n);
                    } while (n == buffer.length);
                }
            }
            deflater.finish();
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }

    /** One zstd frame through zstd-jni's streaming context, flushed per part as the server would. */
    private static byte[] zstd(byte[] body, int level, boolean flushEachPart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4);
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try (ZstdCompressCtx context = new ZstdCompressCtx()) {
            context.setLevel(level);
            int step = flushEachPart ? PART : body.length;
            for (int at = 0; at < body.length; at += step) {
                int n = Math.min(step, body.length - at);
                ByteBuffer in = ByteBuffer.wrap(body, at, n);
                EndDirective directive = at + n == body.length
                        ? EndDirective.END
                        : flushEachPart ? EndDirective.FLUSH : EndDirective.CONTINUE;
                boolean done;
                do {
                    done = context.compressByteBufferStream(buffer, in, directive);
                    out.write(buffer.array(), 0, buffer.position());
                    buffer.clear();
                } while (directive == EndDirective.CONTINUE ? in.hasRemaining() : !done);
            }
        }
        return out.toByteArray();
    }

    private static byte[] inflate(byte[] coded) throws IOException {
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(coded))) {
            return in.readAllBytes();
        }
    }

    private static byte[] unzstd(byte[] coded) throws IOException {
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(coded))) {
            return in.readAllBytes();
        }
    }
}
