package org.kamaelia.http.protocol;

/**
 * Where one request-and-response exchange is, from the request side's point of view: every transition is in
 * {@link #on}, and any other move is a bug that fails the connection instead of leaving it in a state nobody named.
 *
 * <pre>
 *   WITHHELD --CONTINUE_SENT--> RELAYING --REQUEST_ENDED--> RESPONDING --RESPONSE_ENDED--> DONE
 *       |                          |                                                       ^
 *       |                          +--RESPONSE_ENDED--> DRAINING --REQUEST_ENDED-----------+
 *       +--RESPONSE_ENDED (the body was never invited: the connection closes)-----------------+
 *       +--REQUEST_ENDED (a bad body)--> RESPONDING
 * </pre>
 *
 * <p>The response side's own states are {@link org.kamaelia.http.codec.response.ResponseGenerator.State}.
 */
enum ExchangePhase {
    /** The client waits for {@code 100 Continue} before sending its body (RFC 9110 section 10.1.1): none is relayed. */
    WITHHELD,
    /** The request body goes to the handler as fast as it takes it; the response is not whole yet. */
    RELAYING,
    /** The request has been read whole (or given up); the response is still going out. */
    RESPONDING,
    /** The response is whole; what is left of the request body is read and discarded, up to a limit. */
    DRAINING,
    /** Request and response are both done: the exchange can complete. */
    DONE;

    /** What happens to an exchange. */
    enum Event {
        /** The handler asked for the body and {@code 100 Continue} went out. */
        CONTINUE_SENT,
        /** The request's last part was read (or the rest of it abandoned). */
        REQUEST_ENDED,
        /** The response's last byte was written. */
        RESPONSE_ENDED
    }

    /** The first phase of a request that {@code expectsContinue}, or not. */
    static ExchangePhase first(boolean expectsContinue) {
        return expectsContinue ? WITHHELD : RELAYING;
    }

    /** The phase after {@code event}; throws {@link IllegalStateException} if the event cannot happen here. */
    ExchangePhase on(Event event) {
        ExchangePhase next = switch (this) {
            case WITHHELD ->
                switch (event) {
                    case CONTINUE_SENT -> RELAYING;
                    case REQUEST_ENDED -> RESPONDING;
                    case RESPONSE_ENDED -> DONE;
                };
            case RELAYING ->
                switch (event) {
                    case CONTINUE_SENT -> null;
                    case REQUEST_ENDED -> RESPONDING;
                    case RESPONSE_ENDED -> DRAINING;
                };
            case RESPONDING -> event == Event.RESPONSE_ENDED ? DONE : null;
            case DRAINING -> event == Event.REQUEST_ENDED ? DONE : null;
            case DONE -> null;
        };
        if (next == null) {
            throw new IllegalStateException("exchange in phase " + this + " cannot take " + event);
        }
        return next;
    }

    /** Whether the request still has parts to come. */
    boolean requestOpen() {
        return this == WITHHELD || this == RELAYING || this == DRAINING;
    }

    /** Whether the response is still being written. */
    boolean responseOpen() {
        return this == WITHHELD || this == RELAYING || this == RESPONDING;
    }
}
