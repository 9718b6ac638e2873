package org.kamaelia.http.handler;

import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.EndOfResponse;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.ResponseHead;

/**
 * A handler whose whole answer is known before the request body: it answers as soon as the head arrives and never
 * asks for the body, so an {@code Expect: 100-continue} client gets its final status (404, 405...) without a
 * {@code 100 Continue} first, and a body it sent anyway is discarded by the engine, not read.
 */
final class FixedResponder extends HandlerComponent {
    private final HttpResponse response;
    private boolean answered;

    FixedResponder(HttpResponse response) {
        this.response = response;
    }

    @Override
    protected void react() {
        if (!answered && inbox.poll() instanceof RequestHead) {
            answered = true;
            byte[] body = response.body();
            outbox.send(ResponseHead.status(response.status())
                    .headers(response.headers())
                    .contentLength(body.length)
                    .build());
            if (body.length > 0) {
                outbox.sendCompleting(ByteChunk.wrap(body));
            }
            outbox.sendCompleting(EndOfResponse.INSTANCE);
        }
        inbox.clear();
    }
}
