package org.kamaelia.http.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.kamaelia.http.compress.Compression;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.HttpResponse;
import org.kamaelia.http.observe.access.AccessLog;
import org.kamaelia.http.observe.access.AccessLogFormat;
import org.kamaelia.http.observe.access.AccessLogSink;
import org.kamaelia.http.server.HttpServer;

/**
 * The server the shared wrk harness drives: {@code /hello}, {@code /stream?parts=N&size=S} and {@code /echo} on
 * the port given as the only argument, as every peer in ../shared/bench serves them; and {@code /gzip}, 1 MiB of
 * JSON ({@link JsonBody}) compressed on the fly for clients that accept it, the route {@link NettyGzipServer}
 * serves for the gzip comparison (see docs/compression.md). Compression is on for {@code /gzip} only, so the
 * other routes measure what they always did.
 *
 * <p>{@code -Dkamaelia.bench.access-log=combined} (or {@code common}, {@code json}, a pattern) turns the access log
 * on; {@code -Dkamaelia.bench.access-log.file=/tmp/access.log} writes it to that file, buffered, and without it the
 * lines are formatted and discarded, which measures what the log costs the server without the cost of a disk.
 *
 * <p>{@code -Dkamaelia.bench.tls=/path/to/server.p12} serves TLS instead of clear text, with the key material,
 * protocol and cipher suite of {@link BenchTls}, the same as {@link NettyTlsServer} (see benchmarks/run-tls.sh).
 */
public final class BenchServer {
    private BenchServer() {}

    /** Starts the server on {@code args[0]} and runs until the process is stopped. */
    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        byte[] json = JsonBody.bytes();
        HttpServer.Builder builder = HttpServer.builder();
        String accessLog = System.getProperty("kamaelia.bench.access-log");
        if (accessLog != null) {
            String file = System.getProperty("kamaelia.bench.access-log.file");
            AccessLogSink sink = file == null ? AccessLogSink.discarding() : new FileSink(Path.of(file));
            builder.accessLog(AccessLog.of(AccessLogFormat.named(accessLog)).withSink(sink));
        }
        if (System.getProperty(BenchTls.KEYSTORE_PROPERTY) != null) {
            builder.tls(BenchTls.kamaeliaSettings(BenchTls.keystore()));
        }
        HttpServer server = builder.port(port)
                .name("bench")
                // the idle-connection run holds 10,000 (and the scaling curve 5,000) connections: above the default
                .maxConnections(100_000)
                .route(
                        "/hello",
                        Handlers.function(request -> HttpResponse.text(200, "Hello, World!")),
                        Set.of("GET", "HEAD"))
                .route(
                        "/stream",
                        head -> new StreamHandler(
                                Integer.parseInt(
                                        head.target().queryParameter("parts").orElse("1")),
                                Integer.parseInt(
                                        head.target().queryParameter("size").orElse("1024"))))
                .route(
                        "/gzip",
                        Compression.defaults()
                                .applyTo(Handlers.function(
                                        request -> HttpResponse.bytes(200, "application/json", json))),
                        Set.of("GET", "HEAD"))
                .route(
                        "/echo",
                        Handlers.function(request -> HttpResponse.bytes(
                                200,
                                request.header("Content-Type").orElse("application/octet-stream"),
                                request.body())))
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(Duration.ofSeconds(1))));
        Thread.currentThread().join();
    }

    /** Lines to a file through a buffer, flushed when the writer catches up. */
    private static final class FileSink implements AccessLogSink {
        private final BufferedWriter out;

        FileSink(Path file) {
            try {
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void write(String line) {
            try {
                out.write(line);
                out.newLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void flush() {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
