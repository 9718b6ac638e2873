package org.kamaelia.http.handler;

import org.kamaelia.http.message.HttpHeaders;
import org.kamaelia.http.message.ResponseHead;

/** The response side of a {@link BlockingHandler}: each call blocks while the connection is backed up. */
public interface BlockingResponse {
    /** Sends the response head; call once, before any {@link #write}. */
    void send(ResponseHead head) throws InterruptedException;

    /** Sends part of the body (the array must not be changed afterwards). */
    void write(byte[] bytes) throws InterruptedException;

    /** Ends the response, with trailers when the response is chunked; returning from the handler does it too. */
    void end(HttpHeaders trailers) throws InterruptedException;
}
