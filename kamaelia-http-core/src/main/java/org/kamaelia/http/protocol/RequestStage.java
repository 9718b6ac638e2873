package org.kamaelia.http.protocol;

import java.util.Objects;
import org.kamaelia.http.component.Component;
import org.kamaelia.http.component.Inbox;
import org.kamaelia.http.component.Outbox;
import org.kamaelia.http.message.RequestPart;
import org.kamaelia.http.net.ConnectionInfo;

/**
 * Makes, for each connection, a component put between the parser and the request handler that sees every request
 * part in order and may replace heads (applying a trusted proxy's forwarding fields, say). Its {@code control}
 * takes the parser's signals and its {@code signal} gives them on to the request handler.
 *
 * <pre>
 *   parser.outbox --> stage.inbox      stage.outbox --> requestHandler.inbox
 *   parser.signal --> stage.control    stage.signal --> requestHandler.control
 * </pre>
 */
@FunctionalInterface
public interface RequestStage {
    /**
     * The stage of the connection {@code connection}, or {@code null} when this connection needs none (the parser
     * then feeds the request handler directly); called on its loop, must not block.
     */
    Part create(ConnectionInfo connection);

    /**
     * One connection's stage: the component and its request-part boxes.
     *
     * @param component the component, added to the connection's graph
     * @param inbox where the parser's request parts go
     * @param outbox where the request handler's request parts come from
     */
    record Part(Component component, Inbox<RequestPart> inbox, Outbox<RequestPart> outbox) {
        /** Validates the values. */
        public Part {
            Objects.requireNonNull(component, "component");
            Objects.requireNonNull(inbox, "inbox");
            Objects.requireNonNull(outbox, "outbox");
        }
    }
}
