package org.kamaelia.http.protocol;

import org.kamaelia.http.component.Inbox;
import org.kamaelia.http.component.Outbox;
import org.kamaelia.http.handler.KeepAlive;
import org.kamaelia.http.message.BadRequest;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.EndOfRequest;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.RequestPart;

/**
 * Moves the current request's body from the parser's parts to its handler at the handler's pace, withholds it
 * until {@code 100 Continue} went out, and reads-and-discards what is left once the response is whole.
 */
final class BodyRelay {
    private BodyRelay() {}

    /**
     * Relays what is waiting in {@code inbox}; stops at the next request's head, at a full handler, or at a bad
     * part, which it takes and returns (the body failed: the request is over, and the connection closes after
     * this exchange); {@code null} otherwise.
     */
    static BadRequest relay(Inbox<RequestPart> inbox, Outbox<RequestPart> handler, Exchange ex, KeepAlive keepAlive) {
        while (ex.phase().requestOpen()) {
            RequestPart part = inbox.peek();
            if (part == null || part instanceof RequestHead) {
                return null;
            }
            if (part instanceof BadRequest bad) {
                inbox.poll();
                ex.endRequest(); // the rest of the body cannot be read, so nothing after it can be framed either
                ex.mustClose = true;
                return bad;
            }
            boolean draining = ex.phase() == ExchangePhase.DRAINING;
            if (!draining && (ex.phase() == ExchangePhase.WITHHELD || !handler.hasRoom())) {
                return null;
            }
            inbox.poll();
            if (part instanceof ByteChunk chunk) {
                ex.bytesIn += chunk.length();
                ex.drained += draining ? chunk.length() : 0;
                if (draining && !KeepAlivePolicy.mayDrain(keepAlive, ex.drained)) {
                    ex.mustClose = true;
                    ex.endRequest(); // the rest is not worth reading: the connection closes instead
                }
            } else if (part instanceof EndOfRequest) {
                ex.endRequest();
            }
            if (!draining) {
                handler.send(part);
            }
        }
        return null;
    }
}
