package org.kamaelia.http.net;

import org.kamaelia.http.component.Component;
import org.kamaelia.http.component.Inbox;
import org.kamaelia.http.component.Outbox;
import org.kamaelia.http.component.Signal;
import org.kamaelia.http.message.ByteChunk;

/**
 * One end of a connection's byte stream, as the four boxes something above or below links to: bytes and signals
 * going out of the end, bytes and signals coming in. The top of a {@link ConnectionGraph} is one ({@link
 * ConnectionGraph#top()}): the {@link TcpConnection} itself, or the upper end of the last {@link ConnectionLayer}
 * spliced above it; a protocol links to it as it would to the connection's boxes. The lower end of a layer is one
 * too, facing the other way.
 *
 * <pre>
 *   lower.outbox --bytes up-->        upper.inbox     upper.outbox --bytes down-->     lower.inbox
 *   lower.signal --end of input / drain / abort--> upper.control
 *   upper.signal --finished / abort-->             lower.control
 * </pre>
 *
 * <p>{@link TcpConnection} implements it with its own boxes, so a connection without layers costs nothing more.
 */
public interface StreamEnd {
    /** Bytes leaving this end: read from the peer (an upper end), or to send to the peer (a lower end). */
    Outbox<ByteChunk> outbox();

    /** Bytes arriving at this end. */
    Inbox<ByteChunk> inbox();

    /** Lifecycle signals leaving this end. */
    Outbox<Signal> signal();

    /** Lifecycle signals arriving at this end. */
    Inbox<Signal> control();

    /** An end made of four boxes, such as a component's plain-side or cipher-side boxes. */
    static StreamEnd of(
            Outbox<ByteChunk> outbox, Inbox<ByteChunk> inbox, Outbox<Signal> signal, Inbox<Signal> control) {
        return new Boxes(outbox, inbox, signal, control);
    }

    /** Joins the upper end of {@code below} to the lower end of {@code above}: the four links of the diagram. */
    static void join(StreamEnd below, StreamEnd above) {
        // data
        Component.link(below.outbox(), above.inbox());
        Component.link(above.outbox(), below.inbox());
        // control
        Component.link(below.signal(), above.control());
        Component.link(above.signal(), below.control());
    }

    /** The four boxes of {@link #of}. */
    record Boxes(Outbox<ByteChunk> outbox, Inbox<ByteChunk> inbox, Outbox<Signal> signal, Inbox<Signal> control)
            implements StreamEnd {
        /** Validates the boxes. */
        public Boxes {
            java.util.Objects.requireNonNull(outbox, "outbox");
            java.util.Objects.requireNonNull(inbox, "inbox");
            java.util.Objects.requireNonNull(signal, "signal");
            java.util.Objects.requireNonNull(control, "control");
        }
    }
}
