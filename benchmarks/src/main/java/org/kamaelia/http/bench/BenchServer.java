package org.kamaelia.http.bench;

import java.time.Duration;
import java.util.Set;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.HttpResponse;
import org.kamaelia.http.server.HttpServer;

/**
 * The server the shared wrk harness drives: {@code /hello}, {@code /stream?parts=N&size=S} and {@code /echo} on
 * the port given as the only argument, as every peer in ../shared/bench serves them.
 */
public final class BenchServer {
    private BenchServer() {}

    /** Starts the server on {@code args[0]} and runs until the process is stopped. */
    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
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
