package org.kamaelia.http.bench.jmh;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.kamaelia.http.codec.request.DecoderLimits;
import org.kamaelia.http.codec.request.RequestDecoder;
import org.kamaelia.http.codec.response.DateCache;
import org.kamaelia.http.codec.response.ResponseEncoder;
import org.kamaelia.http.codec.response.ResponseGenerator;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestPart;
import org.kamaelia.http.message.ResponseHead;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The pure codec on its own: decoding the request wrk sends for /hello, and encoding the response head. Run with
 * {@code -prof gc} to see the bytes allocated per request.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {
    private static final byte[] REQUEST =
            "GET /hello HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BROWSER_REQUEST = ("GET /assets/app.js?v=3 HTTP/1.1\r\nHost: example.com\r\n"
                    + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36\r\n"
                    + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
                    + "Accept-Encoding: gzip, deflate, br\r\nAccept-Language: en-GB,en;q=0.9\r\n"
                    + "Cookie: session=0123456789abcdef; theme=dark\r\nConnection: keep-alive\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final DateCache dates = DateCache.system();
    private final ResponseEncoder encoder = new ResponseEncoder(dates, Optional.empty());
    private final ResponseHead head = ResponseHead.status(200)
            .header("Content-Type", "text/plain; charset=utf-8")
            .build();

    /** Decodes wrk's /hello request: head and end. */
    @Benchmark
    public void decodeMinimalRequest(Blackhole out) {
        decode(REQUEST, out);
    }

    /** Decodes a browser-like request with eight fields. */
    @Benchmark
    public void decodeBrowserRequest(Blackhole out) {
        decode(BROWSER_REQUEST, out);
    }

    private static void decode(byte[] bytes, Blackhole out) {
        RequestDecoder decoder = new RequestDecoder(DecoderLimits.defaults());
        ByteBuffer input = ByteBuffer.wrap(bytes);
        for (RequestPart part; (part = decoder.next(input)) != null; ) {
            out.consume(part);
        }
    }

    // The encoder's head method is package-private since the codec split: the head goes through the generator.
    private final RequestHead request =
            (RequestHead) new RequestDecoder(DecoderLimits.defaults()).next(ByteBuffer.wrap(REQUEST));
    private ByteChunk written = ByteChunk.EMPTY;
    private final ResponseGenerator generator = new ResponseGenerator(encoder, bytes -> written = bytes);

    /** Encodes the /hello response head (Content-Length framing, keep-alive), as the generator does per request. */
    @Benchmark
    public ByteChunk encodeHead() {
        generator.reset(request);
        generator.head(head, 13, true, null);
        return written;
    }

    /** The Date line from the per-second cache. */
    @Benchmark
    public byte[] dateLine() {
        return dates.line();
    }
}
