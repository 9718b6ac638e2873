package org.kamaelia.http.protocol;

import org.kamaelia.http.handler.HandlerComponent;
import org.kamaelia.http.message.RequestHead;

/**
 * One request and its response as the request handler tracks them: the phase (request side), the handler serving
 * it, and what the observer is told. The response side's state lives in the connection's response generator.
 */
final class Exchange {
    final RequestHead head;
    final long started;
    private ExchangePhase phase;
    HandlerComponent handler;
    // What failed the handler, kept when it is parted from the exchange (HandlerLinks.detach).
    Throwable handlerFailure;
    String route = "none";
    // A term of the keep-alive decision learnt during the exchange, not a phase: it can be learnt in any of them.
    boolean mustClose;
    // The handler signalled its end: what a handler that goes quiet without EndOfResponse meant.
    boolean handlerSaidDone;
    // Told to the observer once, however the exchange ends (ConnectionReports).
    boolean startReported;
    long drained;
    long bytesIn;
    long bytesOut;

    Exchange(RequestHead head, long started, ExchangePhase first) {
        this.head = head;
        this.started = started;
        this.phase = first;
    }

    ExchangePhase phase() {
        return phase;
    }

    /** Moves to the phase after {@code event} (see {@link ExchangePhase#on}). */
    void advance(ExchangePhase.Event event) {
        phase = phase.on(event);
    }

    /** Ends the request side, if it is still open: its rest is abandoned or was read. */
    void endRequest() {
        if (phase.requestOpen()) {
            advance(ExchangePhase.Event.REQUEST_ENDED);
        }
    }

    /** Ends the response side, if it is still open. */
    void endResponse() {
        if (phase == ExchangePhase.WITHHELD) {
            mustClose = true; // the client may never send the body it was not invited to send
        }
        if (phase.responseOpen()) {
            advance(ExchangePhase.Event.RESPONSE_ENDED);
        }
    }
}
