package org.kamaelia.http.sample.soak;

/** The kinds of traffic the soak sends; each is counted on its own so a report shows which one went wrong. */
public enum Kind {
    /** GETs on reused connections (java.net.http, and raw sockets that check the connection stays open). */
    KEEP_ALIVE_GET(20),
    /** One request per connection, ended by {@code Connection: close} or HTTP/1.0; the server must close. */
    CONNECTION_CLOSE(10),
    /** Batches of requests written at once on a raw socket, answers read back in order. */
    PIPELINED(10),
    /** {@code /stream} answers (chunked) of random sizes, read to the end and checked byte for byte. */
    STREAM(10),
    /** {@code POST /echo} with random bodies, by Content-Length and chunked; the echo must be identical. */
    UPLOAD(10),
    /** Malformed request lines and fields, oversized heads and bodies: the right 4xx/5xx, then a close. */
    BAD_REQUEST(10),
    /** A complete request, then {@code shutdownOutput()}: the answer must come, then the close. */
    HALF_CLOSE_COMPLETE(8),
    /** A request with an incomplete body, then {@code shutdownOutput()}: a 400 or a close, promptly. */
    HALF_CLOSE_INCOMPLETE_BODY(0),
    /** Clients that reset the connection (RST) mid-request or mid-response, or walk away from endless streams. */
    VANISH(8);

    /**
     * Share of the general workers' operations. The incomplete-body kind has none because it runs on a worker
     * of its own: while the server fails to answer it, each try waits out a timeout, and sharing a worker would
     * let that wait throttle every other kind.
     */
    final int weight;

    Kind(int weight) {
        this.weight = weight;
    }
}
