package org.kamaelia.http.handler;

import java.io.InputStream;
import org.kamaelia.http.message.RequestHead;

/**
 * The blocking level of the handler API: ordinary blocking code on its own thread, reading the request body as
 * a stream and writing the response as it goes. Backpressure holds: reading blocks until body bytes arrive,
 * writing blocks while the client is slow.
 *
 * <pre>{@code
 * BlockingHandler upload = (head, body, response) -> {
 *     long n = body.transferTo(OutputStream.nullOutputStream()); // blocks as bytes arrive
 *     response.send(ResponseHead.status(200).header("Content-Type", "text/plain").build());
 *     response.write(("got " + n + " bytes\n").getBytes(StandardCharsets.UTF_8));
 * };
 * RequestHandlerFactory factory = Handlers.blocking(upload);
 * }</pre>
 *
 * <p>Reading the body of an {@code Expect: 100-continue} request first sends {@code 100 Continue}. The response
 * ends when the method returns; if it returns without a head, the response is a 500.
 */
@FunctionalInterface
public interface BlockingHandler {
    /** Answers one request; may block. Throwing answers with 500 (or cuts the connection after the head). */
    void handle(RequestHead head, InputStream body, BlockingResponse response) throws Exception;
}
