package org.kamaelia.http.bench;

import java.time.Duration;
import java.util.Set;
import org.kamaelia.http.compress.Compression;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.HttpResponse;
import org.kamaelia.http.server.HttpServer;

/**
 * The server the shared wrk harness drives: {@code /hello}, {@code /stream?parts=N&size=S} and {@code /echo} on
 * the port given as the only argument, as every peer in ../shared/bench serves them; and {@code /gzip}, 1 MiB of
 * JSON ({@link JsonBody}) compressed on the fly for clients that accept it, the route {@link NettyGzipServer}
 * serves for the gzip comparison (see docs/compression.md). Compression is on for {@code /gzip} only, so the
 * other routes measure what they always did.
 */
public final class BenchServer {
    private BenchServer() {}

    /** Starts the server on {@code args[0]} and runs until the process is stopped. */
    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        byte[] json = JsonBody.bytes();
        HttpServer server = HttpServer.builder()
                .port(port)
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
}
