package org.kamaelia.http.component;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * A box that receives messages of type {@code T} for its owning component.
 *
 * <p>Every inbox is bounded. Its fill is measured by a weigher (one unit per message unless told
 * otherwise, bytes for a byte stream) against a high mark (the capacity) and a low mark. A box below its
 * high mark accepts one more message, so the fill never exceeds the high mark by more than one message. A
 * producer that finds the box full is woken once the box has drained to the low mark: that is how
 * backpressure travels. Messages are kept in arrival order.
 *
 * <p>Threading: the queue is touched only on the owner's event loop. Messages sent from any other thread
 * are handed to that loop first (see {@link Outbox#send}).
 *
 * @param <T> the type of message this box accepts
 */
public final class Inbox<T> extends Box {
    /** The weigher of boxes that count messages; recognised so that counting needs no call through it. */
    static final ToLongFunction<Object> COUNT_EACH_AS_ONE = message -> 1;

    // The oldest waiting message sits in a field, so a box that is empty (as most of an idle connection's are)
    // holds no storage; what few boxes need at a time (messages behind the first, producers waiting for room, a
    // passthrough) is in an Extras made when first needed and dropped when empty again.
    private T first;
    // The marks and the weigher are in the shared declaration (a mark above 2 GiB is refused there).
    // Most inboxes have one source and no extras: the one field holds that source (an Outbox), a List of sources
    // for fan-in, or, while the box needs them, its Extras, which then hold the sources. One field rather than two
    // keeps the box at 40 B (a connection holds about ten).
    private Object links;
    private long weight;

    /** The parts of a box that most boxes do without at any one time, kept out of every box until needed. */
    private static final class Extras<T> {
        Object sources; // what the box's links field held before the extras were made: null, an Outbox or a List
        ArrayDeque<T> behind; // the messages behind the first, while two or more wait
        List<Object> roomWaiters; // producers to wake when room appears: components (woken) or actions (run)
        Inbox<? super T> forward; // the child inbox a composite's inbox passes through to

        boolean unused() {
            return behind == null && (roomWaiters == null || roomWaiters.isEmpty()) && forward == null;
        }
    }

    Inbox(Component owner, BoxDeclaration declaration) {
        super(owner, declaration);
    }

    @SuppressWarnings("unchecked")
    private Extras<T> extrasOrNull() {
        return links instanceof Extras<?> x ? (Extras<T>) x : null;
    }

    private Extras<T> extras() {
        Extras<T> x = extrasOrNull();
        if (x == null) {
            x = new Extras<>();
            x.sources = links;
            links = x;
        }
        return x;
    }

    private void dropExtrasIfUnused() {
        Extras<T> x = extrasOrNull();
        if (x != null && x.unused()) {
            links = x.sources;
        }
    }

    /** Null, the one outbox linked here, or a List of them. */
    private Object sourceLinks() {
        return links instanceof Extras<?> x ? x.sources : links;
    }

    private void sourceLinks(Object value) {
        if (links instanceof Extras<?> x) {
            x.sources = value;
        } else {
            links = value;
        }
    }

    /** Whether no message is waiting. */
    public boolean isEmpty() {
        return first == null;
    }

    /** How many messages are waiting. */
    public int size() {
        Extras<T> x = extrasOrNull();
        return first == null ? 0 : 1 + (x == null || x.behind == null ? 0 : x.behind.size());
    }

    /** The total weight of waiting messages (their count, unless this box weighs them otherwise). */
    public long weight() {
        return weight;
    }

    /** The high mark: a box at or above it is full. */
    public long capacity() {
        return declaration.capacity;
    }

    /** The low mark: waiting producers are woken once the weight falls to it. */
    public long lowWatermark() {
        return declaration.lowWatermark;
    }

    /** Whether the weight has reached the high mark. */
    public boolean isFull() {
        return weight >= declaration.capacity;
    }

    /** Takes the oldest message, or returns {@code null} when the box is empty. Owner only. */
    public T poll() {
        T message = first;
        if (message == null) {
            return null;
        }
        Extras<T> x = extrasOrNull();
        if (x == null || x.behind == null) {
            first = null;
        } else {
            first = x.behind.poll();
            if (x.behind.isEmpty()) {
                x.behind = null;
                dropExtrasIfUnused();
            }
        }
        removed(message);
        return message;
    }

    /** Looks at the oldest message without taking it, or returns {@code null} when empty. Owner only. */
    public T peek() {
        return first;
    }

    /** Iterates over the waiting messages, oldest first, without taking them. Owner only. */
    public Iterator<T> waiting() {
        Extras<T> x = extrasOrNull();
        return new Waiting<>(first, x == null ? null : x.behind);
    }

    /** Reads the first message, then the deque behind it, without taking any. */
    private static final class Waiting<T> implements Iterator<T> {
        private T next;
        private final Iterator<T> rest;

        Waiting(T first, ArrayDeque<T> behind) {
            this.next = first;
            this.rest = behind == null ? null : behind.iterator();
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public T next() {
            T current = next;
            if (current == null) {
                throw new java.util.NoSuchElementException();
            }
            next = rest != null && rest.hasNext() ? rest.next() : null;
            return current;
        }
    }

    /** Drops every waiting message, waking producers that wait for room. Owner only. */
    public void clear() {
        first = null;
        Extras<T> x = extrasOrNull();
        if (x != null) {
            x.behind = null;
        }
        weight = 0;
        wakeRoomWaiters();
        dropExtrasIfUnused();
    }

    private void removed(T message) {
        long before = weight;
        weight -= weightOf(message);
        Extras<T> x = extrasOrNull();
        if (x != null
                && x.roomWaiters != null
                && !x.roomWaiters.isEmpty()
                && (weight == 0 || (before > declaration.lowWatermark && weight <= declaration.lowWatermark))) {
            wakeRoomWaiters();
            dropExtrasIfUnused();
        }
    }

    private long weightOf(T message) {
        ToLongFunction<?> weigher = declaration.weigher;
        @SuppressWarnings("unchecked") // the declaration was made with a weigher of this box's messages
        ToLongFunction<? super T> typed = (ToLongFunction<? super T>) weigher;
        return weigher == COUNT_EACH_AS_ONE ? 1 : typed.applyAsLong(message);
    }

    private void wakeRoomWaiters() {
        Extras<T> x = extrasOrNull();
        List<Object> roomWaiters = x == null ? null : x.roomWaiters;
        if (roomWaiters == null || roomWaiters.isEmpty()) {
            return;
        }
        Object[] waiters = roomWaiters.toArray();
        roomWaiters.clear();
        for (Object waiter : waiters) {
            if (waiter instanceof Component component) {
                component.wake();
            } else {
                ((Runnable) waiter).run();
            }
        }
    }

    /**
     * Whether {@code message} may be queued now: while the box is below its high mark, and always for a message
     * that weighs nothing (an end marker in a box weighed in bytes), which holds no payload to bound.
     */
    @SuppressWarnings("unchecked")
    boolean accepts(Object message) {
        return weight < declaration.capacity || weightOf((T) message) == 0;
    }

    boolean hasRoom() {
        // A box below its high mark takes one more message whatever its weight, so what a producer learns from
        // hasRoom() always holds for its next send; the fill can pass the mark by at most one message.
        return weight < declaration.capacity;
    }

    /** Wakes {@code waiter} (a {@link Component}) or runs it (a {@link Runnable}) once this box has room. */
    void whenRoom(Object waiter) {
        Extras<T> x = extras();
        if (x.roomWaiters == null) {
            x.roomWaiters = new ArrayList<>(1);
        }
        if (!x.roomWaiters.contains(waiter)) {
            x.roomWaiters.add(waiter);
        }
    }

    @SuppressWarnings("unchecked")
    void deliver(Object message) {
        if (owner().state() == ComponentState.FINISHED) {
            return;
        }
        T typed = (T) java.util.Objects.requireNonNull(message, "message");
        if (first == null) {
            first = typed;
        } else {
            Extras<T> x = extras();
            if (x.behind == null) {
                x.behind = new ArrayDeque<>(4);
            }
            x.behind.add(typed);
        }
        weight += weightOf(typed);
        owner().wake();
    }

    Inbox<?> resolve() {
        Inbox<?> box = this;
        for (Inbox<?> inner; (inner = box.forward()) != null; ) {
            box = inner;
        }
        return box;
    }

    void forwardTo(Inbox<? super T> inner) {
        if (inner == null && extrasOrNull() == null) {
            return;
        }
        extras().forward = inner;
        dropExtrasIfUnused();
    }

    Inbox<? super T> forward() {
        Extras<T> x = extrasOrNull();
        return x == null ? null : x.forward;
    }

    /** The linkages feeding this box, oldest first, made from the outboxes linked to it. */
    List<Linkage> sources() {
        List<Linkage> all = new ArrayList<>();
        Object sources = sourceLinks();
        if (sources instanceof Outbox<?> only) {
            all.add(new Linkage(only, this, Linkage.Kind.LINK));
        } else if (sources instanceof List<?> many) {
            for (Object source : many) {
                all.add(new Linkage((Outbox<?>) source, this, Linkage.Kind.LINK));
            }
        }
        return all;
    }

    boolean hasSources() {
        Object sources = sourceLinks();
        return sources instanceof Outbox<?> || (sources instanceof List<?> many && !many.isEmpty());
    }

    @SuppressWarnings("unchecked")
    void addSource(Outbox<?> source) {
        Object sources = sourceLinks();
        if (sources == null) {
            sourceLinks(source);
        } else if (sources instanceof Outbox<?> only) {
            List<Outbox<?>> many = new ArrayList<>(4);
            many.add(only);
            many.add(source);
            sourceLinks(many);
        } else {
            ((List<Outbox<?>>) sources).add(source);
        }
    }

    void removeSource(Outbox<?> source) {
        Object sources = sourceLinks();
        if (sources == source) {
            sourceLinks(null);
        } else if (sources instanceof List<?> many) {
            many.remove(source);
        }
    }

    void unlinkSources() {
        Object sources = sourceLinks();
        if (sources instanceof Outbox<?> only) {
            Component.unlink(only);
        } else if (sources instanceof List<?> many) {
            for (Object source : many.toArray()) {
                Component.unlink((Outbox<?>) source);
            }
        }
    }
}
