package org.kamaelia.http.component;

/**
 * A box through which a component sends messages of type {@code T} to whatever inbox it is linked to.
 *
 * <p>An outbox has at most one destination (no fan-out); many outboxes may feed one inbox (fan-in). An
 * outbox with no destination is a null sink: messages sent to it are dropped and counted, as in Axon.
 *
 * <p>Backpressure: {@link #hasRoom()} tells the producer whether the destination can take more and, if it
 * cannot, arranges for the producer to be woken when it can. {@link #send} refuses a message that does not
 * fit with {@link BoxFullException}; {@link #trySend} returns {@code false} instead.
 *
 * @param <T> the type of message this box sends
 */
public final class Outbox<T> extends Box {
    // The inbox this box is linked to, or the outer outbox it passes through to, or null: one field, since a box
    // has at most one destination (a connection holds about ten outboxes; a second field would cost 8 B each).
    private Object link;
    // An int keeps the box at 32 B (a connection has about ten): the count is kept modulo 2^32.
    private int dropped;

    Outbox(Component owner, BoxDeclaration declaration) {
        super(owner, declaration);
    }

    /** Whether this box leads to an inbox, directly or through passthroughs. */
    public boolean isLinked() {
        return resolve() != null;
    }

    /** How many messages were dropped because nothing was linked, modulo 2<sup>32</sup>. */
    public long dropped() {
        return Integer.toUnsignedLong(dropped);
    }

    /**
     * Whether the destination has room for another message; if it has not, the owner is woken when it
     * has. An unlinked box has no room: an endless producer must not spin feeding a null sink after its
     * consumer went away.
     */
    public boolean hasRoom() {
        Inbox<?> destination = resolve();
        if (destination == null) {
            return false;
        }
        if (!destination.isFull()) {
            return true;
        }
        registerWaiter(destination);
        return false;
    }

    /**
     * Sends a message. On the destination's own loop the message is queued at once; from another
     * thread it is handed to that loop, which queues it whatever the box's fill.
     *
     * @throws BoxFullException if the destination is on this loop and has no room for the message
     */
    public void send(T message) {
        if (!trySendOrForeign(message)) {
            throw new BoxFullException(resolve());
        }
    }

    /**
     * Sends a message if the destination has room for it, otherwise returns {@code false} and arranges for
     * the owner to be woken when there is room.
     */
    public boolean trySend(T message) {
        return trySendOrForeign(message);
    }

    /**
     * Sends a message even if the destination is past its high mark. Only for completing a unit whose first
     * message was sent after {@link #hasRoom()} said yes (a chunk's size line, data and CRLF, say), so the fill
     * passes the mark by at most one unit.
     */
    public void sendCompleting(T message) {
        Inbox<?> destination = resolve();
        if (destination == null) {
            dropped++;
            return;
        }
        EventLoop loop = destination.owner().loopOrNull();
        if (loop != null && !loop.inLoop()) {
            loop.execute(() -> deliverAnyway(message));
        } else {
            destination.deliver(message);
        }
    }

    private boolean trySendOrForeign(T message) {
        Inbox<?> destination = resolve();
        if (destination == null) {
            dropped++;
            return true;
        }
        EventLoop loop = destination.owner().loopOrNull();
        if (loop != null && !loop.inLoop()) {
            loop.execute(() -> deliverAnyway(message));
            return true;
        }
        if (!destination.accepts(message)) {
            registerWaiter(destination);
            return false;
        }
        destination.deliver(message);
        return true;
    }

    private void deliverAnyway(T message) {
        Inbox<?> destination = resolve();
        if (destination != null) {
            destination.deliver(message);
        } else {
            dropped++;
        }
    }

    private void registerWaiter(Inbox<?> destination) {
        destination.whenRoom(owner());
    }

    /** Runs {@code action} on the destination's loop once it has room; used by threaded components. */
    void whenRoom(Runnable action) {
        Inbox<?> destination = resolve();
        if (destination == null || !destination.isFull()) {
            action.run();
        } else {
            destination.whenRoom(action);
        }
    }

    Inbox<?> resolve() {
        Object next = link;
        while (next instanceof Outbox<?> outer) {
            next = outer.link;
        }
        return next == null ? null : ((Inbox<?>) next).resolve();
    }

    void target(Inbox<? super T> inbox) {
        this.link = inbox;
    }

    void forwardTo(Outbox<? super T> outer) {
        this.link = outer;
    }

    /** The inbox this box is linked to directly (not through a passthrough), or {@code null}. */
    @SuppressWarnings("unchecked")
    Inbox<? super T> target() {
        return link instanceof Inbox<?> inbox ? (Inbox<? super T>) inbox : null;
    }

    /** The outer outbox this box passes through to, or {@code null}. */
    @SuppressWarnings("unchecked")
    Outbox<? super T> forwardTarget() {
        return link instanceof Outbox<?> outer ? (Outbox<? super T>) outer : null;
    }

    /**
     * This box's linkage, made on demand from what the box holds (a connection's graph keeps no linkage objects),
     * or {@code null} when it leads nowhere.
     */
    Linkage linkage() {
        if (link instanceof Inbox<?> inbox) {
            return new Linkage(this, inbox, Linkage.Kind.LINK);
        }
        if (link instanceof Outbox<?> outer) {
            return new Linkage(this, outer, Linkage.Kind.OUTBOX_PASSTHROUGH);
        }
        return null;
    }

    void clearLinkage() {
        this.link = null;
    }
}
