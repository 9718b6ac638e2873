package org.kamaelia.http.tls;

import java.time.Instant;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.HttpDates;

/**
 * The clear-text reply to a plain HTTP request sent to a TLS port: a complete {@code 400} response with
 * {@code Connection: close}, so that a person who typed {@code http://} for an {@code https://} address sees why
 * instead of an empty reply. Sent once, before anything else, then the connection closes.
 */
final class PlainHttpAnswer {
    static final String BODY = "This port speaks HTTPS only: the request was sent as plain HTTP.\n";

    private PlainHttpAnswer() {}

    static ByteChunk response(Instant now) {
        String head = "HTTP/1.1 400 Bad Request\r\n"
                + "Date: " + HttpDates.format(now) + "\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n"
                + "Content-Length: " + BODY.length() + "\r\n"
                + "Connection: close\r\n"
                + "\r\n";
        return ByteChunk.ascii(head + BODY);
    }
}
