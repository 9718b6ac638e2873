package org.kamaelia.http.protocol;

import org.kamaelia.http.component.Component;
import org.kamaelia.http.component.ComponentState;
import org.kamaelia.http.handler.HandlerComponent;

/**
 * Joins the handler of one exchange to the request handler's handler-side boxes, and parts them again, so that a
 * handler only ever sees the parts of its own request.
 */
final class HandlerLinks {
    private HandlerLinks() {}

    static void attach(HttpRequestHandler owner, Exchange ex, HandlerComponent handler) {
        ex.handler = handler;
        // Left-overs of an earlier handler are not this one's.
        owner.handlerInbox.clear();
        owner.handlerControl.clear();
        // data
        Component.link(owner.handlerOutbox, handler.inbox);
        Component.link(handler.outbox, owner.handlerInbox);
        // control
        Component.link(owner.handlerSignal, handler.control);
        Component.link(handler.signal, owner.handlerControl);
    }

    /** Parts the exchange (if any) from its handler (if any); a handler that is not persistent is stopped. */
    static void detach(HttpRequestHandler owner, Exchange ex) {
        HandlerComponent handler = ex == null ? null : ex.handler;
        if (handler == null) {
            return;
        }
        ex.handlerFailure = handler.requestFailure(); // for the report, which comes after the parting
        ex.handler = null;
        Component.unlink(owner.handlerOutbox);
        Component.unlink(owner.handlerSignal);
        Component.unlink(handler.outbox);
        Component.unlink(handler.signal);
        owner.handlerInbox.clear();
        owner.handlerControl.clear();
        if (!handler.persistent() || handler.state() != ComponentState.RUNNING) {
            handler.stop();
        }
    }
}
