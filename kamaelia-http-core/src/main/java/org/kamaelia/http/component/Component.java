package org.kamaelia.http.component;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * A unit of behaviour that talks to the rest of the system only through its boxes: Kamaelia's component,
 * in Java.
 *
 * <h2>Boxes and linkages</h2>
 * A component declares its boxes as final fields, each with a name and a one-line description. Every
 * component has {@link #control} (lifecycle signals in) and {@link #signal} (lifecycle signals out);
 * data boxes, by convention {@code inbox} and {@code outbox}, are declared by subclasses with their
 * message types. {@link #link(Outbox, Inbox)} joins an outbox to an inbox and is type-checked by the
 * compiler. A composite component joins its own boxes to its children's with {@code passThrough}.
 *
 * <pre>{@code
 * final class Upper extends Component {
 *     final Inbox<String> inbox = newInbox("inbox", "text to upper-case");
 *     final Outbox<String> outbox = newOutbox("outbox", "upper-cased text");
 *
 *     protected void react() {
 *         for (String s; (s = inbox.poll()) != null; ) outbox.send(s.toUpperCase(Locale.ROOT));
 *         if (control.poll() instanceof ProducerFinished) finish();
 *     }
 * }
 * }</pre>
 *
 * <h2>Threading guarantee</h2>
 * A running component belongs to exactly one {@link EventLoop}. The loop calls {@link #react()} when
 * one of the component's inboxes has received something, a timer it asked for has fired, or room it waited
 * for has appeared, and never otherwise: an idle component costs nothing. {@code react()}, timer actions and
 * lifecycle hooks all run on that loop's thread, so a component is never run by two threads at once and its
 * fields need no locks. Children run on their parent's loop. Messages sent from other threads are handed to
 * the loop through a thread-safe queue.
 *
 * <h2>Ending</h2>
 * A component ends by calling {@link #finish()}. Its linkages are then removed (later sends to it are
 * dropped) and its children are finished too. An exception thrown by {@code react()} or a timer action ends
 * the component, is logged once, and is reported to its parent ({@link #childFailed}); it never stops the
 * loop.
 */
public abstract class Component {
    private static final System.Logger LOG = System.getLogger(Component.class.getName());
    private static final AtomicLong IDS = new AtomicLong();

    // The boxes, newest first, as a chain through Box.nextOfOwner, and how many: a per-request handler makes its
    // boxes in its constructor, and appending (walking the chain for its end and again for the count) showed in
    // profiles of short requests. The count fits in the object's padding, so it costs no heap.
    private Box newestBox;
    private short boxesMade;
    private static final List<Component> NO_CHILDREN = List.of();
    // Most components (every per-request handler) have no children: the list is made by the first addChild.
    private List<Component> children = NO_CHILDREN;
    private final long id = IDS.incrementAndGet();
    private Component parent;
    private EventLoop loop;
    private ComponentState state = ComponentState.CREATED;
    private boolean queued;
    // This component's place in its loop's list of live components (a chain, so no set entry per component).
    Component livePrevious;
    Component liveNext;
    private Throwable failure;

    /** Lifecycle signals arriving from upstream: {@link ProducerFinished} or {@link ShutdownRequested}. */
    public final Inbox<Signal> control = newInbox("control", "lifecycle signals from upstream", 64);

    /** Lifecycle signals this component sends downstream when it finishes or wants others to stop. */
    public final Outbox<Signal> signal = newOutbox("signal", "lifecycle signals to downstream");

    /**
     * Does what the component's boxes ask: drains what it can from its inboxes, sends what it can, and
     * returns without blocking. Called on the component's loop only.
     */
    protected abstract void react();

    /** Called once on the loop when the component starts running, before any {@link #react()}. */
    protected void onStart() {}

    /** Called once on the loop when the component ends, after its children ended, before its linkages go. */
    protected void onFinish() {}

    /**
     * Called on the loop when a child ended by a failure. By default this component fails too, so a fault in
     * one part of a connection's graph ends the whole connection.
     */
    protected void childFailed(Component child, Throwable cause) {
        failWithoutLogging(cause);
    }

    // ----- boxes -------------------------------------------------------------------------------------

    /** Declares an inbox with room for 1,024 messages. */
    protected final <T> Inbox<T> newInbox(String name, String description) {
        return newInbox(name, description, 1024);
    }

    /** Declares an inbox that holds at most {@code capacity} messages and wakes producers when half empty. */
    protected final <T> Inbox<T> newInbox(String name, String description, int capacity) {
        return newInbox(name, description, capacity, capacity / 2, Inbox.COUNT_EACH_AS_ONE);
    }

    /**
     * Declares an inbox whose fill is measured by {@code weigher}: full at {@code highWatermark}, producers
     * woken at {@code lowWatermark}.
     */
    protected final <T> Inbox<T> newInbox(
            String name, String description, long highWatermark, long lowWatermark, ToLongFunction<? super T> weigher) {
        BoxDeclaration.OfClass declarations = BoxDeclaration.OfClass.of(getClass());
        int position = boxesMade;
        BoxDeclaration declaration =
                declarations.find(position, name, description, highWatermark, lowWatermark, weigher);
        if (declaration == null) {
            declaration = declarations.adopt(
                    position, BoxDeclaration.inbox(name, description, highWatermark, lowWatermark, weigher));
        }
        Inbox<T> box = new Inbox<>(this, declaration);
        chain(box);
        return box;
    }

    /** Declares an outbox. */
    protected final <T> Outbox<T> newOutbox(String name, String description) {
        BoxDeclaration.OfClass declarations = BoxDeclaration.OfClass.of(getClass());
        int position = boxesMade;
        BoxDeclaration declaration = declarations.find(position, name, description, 0, 0, Inbox.COUNT_EACH_AS_ONE);
        if (declaration == null) {
            declaration = declarations.adopt(position, BoxDeclaration.outbox(name, description));
        }
        Outbox<T> box = new Outbox<>(this, declaration);
        chain(box);
        return box;
    }

    // The same box of every instance of a class shares one declaration: every instance makes its boxes in the
    // same order (field initialisers, then constructors), so a box's position in the chain identifies it. A box
    // made differently by some instance (a mark from its configuration, say) keeps a declaration of its own.
    private void chain(Box box) {
        if (boxesMade == Short.MAX_VALUE) {
            throw new IllegalStateException(getClass().getName() + " declares more boxes than a component may have");
        }
        box.nextOfOwner = newestBox;
        newestBox = box;
        boxesMade++;
    }

    /** This component's boxes, in declaration order. */
    public final List<Box> boxes() {
        List<Box> all = new ArrayList<>(boxesMade);
        for (Box box = newestBox; box != null; box = box.nextOfOwner) {
            all.add(box);
        }
        Collections.reverse(all);
        return Collections.unmodifiableList(all);
    }

    // ----- linkages ----------------------------------------------------------------------------------

    /**
     * Joins {@code from} to {@code to}: everything sent on {@code from} is delivered to {@code to}. Anything
     * already linked from {@code from} is unlinked first (an outbox has one destination).
     */
    public static <T> Linkage link(Outbox<T> from, Inbox<? super T> to) {
        Objects.requireNonNull(to, "to");
        unlink(from);
        from.target(to);
        to.addSource(from);
        return new Linkage(from, to, Linkage.Kind.LINK);
    }

    /** Removes whatever joins {@code from} onward; unlinking an unlinked box has no effect. */
    public static void unlink(Outbox<?> from) {
        Inbox<?> old = from.target();
        if (old != null) {
            old.removeSource(from);
        }
        from.clearLinkage();
    }

    /** Removes one linkage made by {@link #link}, {@link #passThrough(Inbox, Inbox)} or its outbox twin. */
    public static void unlink(Linkage linkage) {
        if (linkage.from() instanceof Outbox<?> outbox
                && (outbox.target() == linkage.to() || outbox.forwardTarget() == linkage.to())) {
            unlink(outbox);
        } else if (linkage.from() instanceof Inbox<?> inbox && linkage.kind() == Linkage.Kind.INBOX_PASSTHROUGH) {
            inbox.forwardTo(null);
        }
    }

    /** Forwards this component's own inbox into a child's inbox (a composite's input passes through). */
    protected final <T> Linkage passThrough(Inbox<T> own, Inbox<? super T> child) {
        requireOwn(own);
        own.forwardTo(child);
        return new Linkage(own, child, Linkage.Kind.INBOX_PASSTHROUGH);
    }

    /** Sends a child's outbox out through this component's own outbox (a composite's output passes through). */
    protected final <T> Linkage passThrough(Outbox<T> child, Outbox<? super T> own) {
        requireOwn(own);
        unlink(child);
        child.forwardTo(own);
        return new Linkage(child, own, Linkage.Kind.OUTBOX_PASSTHROUGH);
    }

    final void requireOwn(Box box) {
        if (box.owner() != this) {
            throw new IllegalArgumentException(box + " is not a box of " + name());
        }
    }

    // ----- children and lifecycle --------------------------------------------------------------------

    /**
     * Adds a child that will run on this component's loop and end when this component ends. If this
     * component is running, the child starts at once.
     */
    protected final <C extends Component> C addChild(C newChild) {
        Component child = newChild;
        if (child.parent != null || child.state != ComponentState.CREATED) {
            throw new IllegalStateException(child.name() + " already has a parent or was started");
        }
        child.parent = this;
        if (children == NO_CHILDREN) {
            children = new ArrayList<>(2);
        }
        children.add(child);
        if (state == ComponentState.RUNNING) {
            child.start(loop);
        }
        return newChild;
    }

    /** The children that have not ended yet. */
    public final List<Component> children() {
        return Collections.unmodifiableList(children);
    }

    /** This component's parent, or {@code null} for a top-level component. */
    public final Component parent() {
        return parent;
    }

    void start(EventLoop owner) {
        if (state != ComponentState.CREATED) {
            throw new IllegalStateException(name() + " was already started");
        }
        this.loop = owner;
        this.state = ComponentState.RUNNING;
        owner.registered(this);
        try {
            onStart();
            if (!children.isEmpty()) {
                for (Component child : children.toArray(new Component[0])) {
                    if (child.state == ComponentState.CREATED) {
                        child.start(owner);
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            fail(e);
            return;
        }
        wake();
    }

    /**
     * Ends this component: its children end first, then {@link #onFinish()} runs, then every linkage into or
     * out of its boxes is removed. Finishing a finished component has no effect.
     */
    protected final void finish() {
        if (state != ComponentState.RUNNING) {
            if (state == ComponentState.CREATED) {
                state = ComponentState.FINISHED;
            }
            return;
        }
        state = ComponentState.FINISHED;
        if (!children.isEmpty()) {
            for (Component child : children.toArray(new Component[0])) {
                child.finish();
            }
        }
        try {
            onFinish();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> name() + " failed while finishing", e);
        }
        for (Box box = newestBox; box != null; box = box.nextOfOwner) {
            if (box instanceof Outbox<?> outbox) {
                unlink(outbox);
            } else if (box instanceof Inbox<?> inbox) {
                inbox.unlinkSources();
                inbox.forwardTo(null);
            }
        }
        EventLoop owner = loop;
        if (owner != null) {
            owner.unregistered(this);
        }
        if (parent != null) {
            if (parent.children != NO_CHILDREN) {
                parent.children.remove(this);
                if (parent.children.isEmpty()) {
                    parent.children = NO_CHILDREN; // a connection between requests keeps no empty list
                }
            }
            Component p = parent;
            if (failure != null && p.state == ComponentState.RUNNING) {
                p.childFailed(this, failure);
            } else if (p.state == ComponentState.RUNNING) {
                p.wake();
            }
        }
    }

    /** Ends this component from any thread: the finish runs on its loop. */
    public final void stop() {
        EventLoop owner = loop;
        if (owner == null) {
            finish();
        } else if (owner.inLoop()) {
            finish();
        } else {
            owner.execute(this::finish);
        }
    }

    /** Ends this component because of {@code cause}, logging it once. */
    protected final void fail(Throwable cause) {
        if (state == ComponentState.FINISHED) {
            return;
        }
        LOG.log(Level.WARNING, () -> name() + " failed and was ended", cause);
        failWithoutLogging(cause);
    }

    private void failWithoutLogging(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        finish();
    }

    /** The failure that ended this component, or {@code null} if it did not fail. */
    public final Throwable failure() {
        return failure;
    }

    /** The component's state. */
    public final ComponentState state() {
        return state;
    }

    /** A stable number that identifies this component while the process lives. */
    public final long id() {
        return id;
    }

    /** A readable name: the class's simple name and the id. */
    public String name() {
        String simple = getClass().getSimpleName();
        return (simple.isEmpty() ? "component" : simple) + "#" + id;
    }

    /** The loop this component runs on, once started. */
    protected final EventLoop loop() {
        if (loop == null) {
            throw new IllegalStateException(name() + " is not running");
        }
        return loop;
    }

    /** The loop's clock in nanoseconds; use it rather than {@link System#nanoTime()} so tests can drive time. */
    protected final long nanoTime() {
        return loop().nanoTime();
    }

    EventLoop loopOrNull() {
        return loop;
    }

    // ----- scheduling --------------------------------------------------------------------------------

    /** Asks the loop to call {@link #react()} soon; safe from any thread, cheap on the loop. */
    public final void wake() {
        EventLoop owner = loop;
        if (owner == null || state != ComponentState.RUNNING) {
            return;
        }
        if (owner.inLoop()) {
            if (!queued) {
                queued = true;
                owner.ready(this);
            }
        } else {
            // A hand-off from another thread allocates its task anyway; no field per component keeps one ready.
            owner.execute(this::wake);
        }
    }

    /**
     * Runs {@code action} on this component's loop after {@code delay}, unless the component has ended or the
     * returned handle was cancelled. An exception from the action fails the component.
     */
    protected final Cancellable runAfter(Duration delay, Runnable action) {
        return loop().schedule(delay, this, action);
    }

    /** Runs {@code action} on this component's loop, guarded like {@link #react()}. Safe from any thread. */
    protected final void runOnLoop(Runnable action) {
        loop().execute(() -> runGuarded(action));
    }

    void runGuarded(Runnable action) {
        if (state != ComponentState.RUNNING) {
            return;
        }
        try {
            action.run();
        } catch (RuntimeException | Error e) {
            fail(e);
        }
    }

    void runReady() {
        queued = false;
        if (state != ComponentState.RUNNING) {
            return;
        }
        try {
            react();
        } catch (RuntimeException | Error e) {
            fail(e);
        }
    }

    @Override
    public String toString() {
        return name() + "[" + state + "]";
    }
}
