package org.kamaelia.http.net;

import org.kamaelia.http.component.Component;
import org.kamaelia.http.component.Inbox;
import org.kamaelia.http.component.Outbox;
import org.kamaelia.http.component.Signal;
import org.kamaelia.http.message.ByteChunk;

/**
 * A component that speaks a protocol over one byte stream: bytes from the peer arrive on {@link #inbox},
 * bytes for the peer leave on {@link #outbox}.
 *
 * <p>Wiring, made by {@link TcpServer} for every connection:
 * <pre>
 *   TcpConnection.outbox  --bytes read-->      protocol.inbox
 *   protocol.outbox       --bytes to write-->  TcpConnection.inbox
 *   TcpConnection.signal  --input ended / connection gone-->  protocol.control
 *   protocol.signal       --ProducerFinished: flush and close; ShutdownRequested: abort-->  TcpConnection.control
 * </pre>
 * A {@code ProducerFinished} on {@code control} means the peer will send nothing more (or the server is
 * stopping gracefully): finish what is in hand, then send {@code ProducerFinished} on {@code signal}. A
 * {@code ShutdownRequested} means the connection is gone.
 */
public abstract class ProtocolComponent extends Component implements StreamEnd {
    /** Bytes received from the peer, in order. */
    public final Inbox<ByteChunk> inbox;

    /** Bytes to send to the peer, in order. */
    public final Outbox<ByteChunk> outbox = newOutbox("outbox", "bytes to send to the peer");

    /** Creates the protocol with room for 16 read chunks in its inbox. */
    protected ProtocolComponent() {
        this(16);
    }

    /** Creates the protocol with room for {@code inboxChunks} read chunks in its inbox. */
    protected ProtocolComponent(int inboxChunks) {
        this.inbox = newInbox("inbox", "bytes received from the peer", inboxChunks);
    }

    // The boxes as a StreamEnd, so that a protocol joins the top of a graph without a wrapper.

    @Override
    public final Outbox<ByteChunk> outbox() {
        return outbox;
    }

    @Override
    public final Inbox<ByteChunk> inbox() {
        return inbox;
    }

    @Override
    public final Outbox<Signal> signal() {
        return signal;
    }

    @Override
    public final Inbox<Signal> control() {
        return control;
    }
}
