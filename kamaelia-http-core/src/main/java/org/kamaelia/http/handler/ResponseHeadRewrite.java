package org.kamaelia.http.handler;

import org.kamaelia.http.message.ResponseHead;

/**
 * A change the engine makes to a handler's final response head as it commits it: for a decorator whose only work on
 * a response is in its head (the compressor's {@code Vary} for a client that accepts no coding), so that it need
 * not stand between the handler and the connection as a component of its own. Set by a factory with
 * {@link HandlerComponent#responseHeadRewrite(ResponseHeadRewrite)}; runs on the event loop and must be cheap.
 */
@FunctionalInterface
public interface ResponseHeadRewrite {
    /** Leaves every head as it is: what a handler has unless its factory set another. */
    ResponseHeadRewrite NONE = (head, bodyLength) -> head;

    /**
     * The head the client gets instead of {@code head}; {@code bodyLength} is the declared {@code Content-Length},
     * else the length of the whole body when it waits with the head, else -1.
     */
    ResponseHead rewrite(ResponseHead head, long bodyLength);
}
