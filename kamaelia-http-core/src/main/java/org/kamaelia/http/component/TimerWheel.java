package org.kamaelia.http.component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The timers of one event loop, as a hashed wheel: a ring of slots, each a chain of the timers whose deadline falls
 * in that slot's tick (about a millisecond), whatever turn of the wheel they are in.
 *
 * <p>Adding and cancelling are constant time, and a cancelled timer leaves the wheel at once (a priority queue
 * keeps a cancelled entry until it comes up, or pays a linear removal). Firing visits only the slots of the ticks
 * that have passed since the last visit. The loop sleeps until {@link #wakeAt()}: a lower bound of the earliest
 * deadline, made exact again (a scan ahead of the current tick, or over all timers when none is due within a turn)
 * only when it is reached or asked for, so that an idle loop sleeps until a real deadline and a busy one never
 * scans.
 *
 * <p>Deadlines are exact: a timer never fires before its deadline, and the timers due at one visit fire in
 * deadline order, ties in the order they were added. Not thread-safe: used on its loop's thread only.
 */
final class TimerWheel {
    /** A slot spans 2<sup>20</sup> ns, about a millisecond: finer than any deadline the server sets. */
    static final int TICK_SHIFT = 20;
    /** One turn of the wheel is 4,096 ticks, about 4.4 s; later deadlines wait in their slot for their turn. */
    static final int SLOTS = 4096;

    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
    private static final int MASK = SLOTS - 1;
    private static final Comparator<Timer> BY_DEADLINE = (a, b) -> Long.compare(a.deadline - b.deadline, 0);

    private final Timer[] heads = new Timer[SLOTS];
    private final Timer[] tails = new Timer[SLOTS];
    private final List<Timer> due = new ArrayList<>();
    private int size;
    private boolean started;
    private long sweptTick; // every slot before this tick has been visited since its timers were added
    private long bound; // no live timer is due before this
    private boolean boundExact;

    /** One timer: a node of its slot's chain, and the handle its maker may cancel. */
    static final class Timer implements Cancellable {
        // The component whose guard the action runs under, or the wheel itself for a plain loop timer: one field
        // for both, since a component's wheel is its loop's.
        private final Object owner;
        final long deadline;
        private Runnable action; // null once fired or cancelled
        private Timer previous;
        private Timer next;
        private int slot = -1; // -1 while not in a chain

        Timer(Object owner, long deadline, Runnable action) {
            this.owner = owner;
            this.deadline = deadline;
            this.action = action;
        }

        /** Calls the timer off; call on its loop. Cancelling a fired or cancelled timer has no effect. */
        @Override
        public void cancel() {
            if (action == null) {
                return;
            }
            action = null;
            if (slot >= 0) {
                wheel().unlink(this);
            }
        }

        private TimerWheel wheel() {
            if (owner instanceof TimerWheel plain) {
                return plain;
            }
            return ((Component) owner).loopOrNull().wheel();
        }

        /** Whether it has neither fired nor been cancelled. */
        boolean pending() {
            return action != null;
        }
    }

    /** Adds a timer due at {@code deadline}; {@code now} is the loop's clock, {@code owner} null for a plain one. */
    Timer add(Component owner, long now, long deadline, Runnable action) {
        if (!started) {
            started = true;
            sweptTick = now >> TICK_SHIFT;
        }
        Timer timer = new Timer(owner == null ? this : owner, deadline, action);
        int slot = (int) ((deadline >> TICK_SHIFT) & MASK);
        timer.slot = slot;
        Timer tail = tails[slot];
        if (tail == null) {
            heads[slot] = timer;
        } else {
            tail.next = timer;
            timer.previous = tail;
        }
        tails[slot] = timer;
        if (size++ == 0) {
            bound = deadline;
            boundExact = true;
        } else if (deadline - bound < 0) {
            bound = deadline; // still exact if it was: nothing is earlier
        }
        return timer;
    }

    private void unlink(Timer timer) {
        int slot = timer.slot;
        Timer previous = timer.previous;
        Timer next = timer.next;
        if (previous == null) {
            heads[slot] = next;
        } else {
            previous.next = next;
        }
        if (next == null) {
            tails[slot] = previous;
        } else {
            next.previous = previous;
        }
        timer.previous = null;
        timer.next = null;
        timer.slot = -1;
        size--;
        if (timer.deadline == bound) {
            boundExact = false; // still a lower bound; made exact when the loop reaches it
        }
    }

    /** How many timers wait: neither fired nor cancelled. */
    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /**
     * When the loop should next wake for a timer: never after the earliest deadline, and that deadline itself unless
     * a timer was cancelled since it was known. Call only when not {@link #isEmpty()}.
     */
    long wakeAt() {
        return bound;
    }

    /** The earliest deadline of a waiting timer, exactly. Call only when not {@link #isEmpty()}. */
    long earliestDeadline() {
        if (!boundExact) {
            recomputeBound();
        }
        return bound;
    }

    /**
     * Fires every timer due at {@code now}, in deadline order; a timer added by an action fires at a later call.
     *
     * @return how many fired
     */
    int fireDue(long now) {
        if (size == 0 || bound - now > 0) {
            if (size > 0) {
                advanceSweep(now);
            }
            return 0;
        }
        collectDue(now);
        int fired = 0;
        if (!due.isEmpty()) {
            if (due.size() > 1) {
                due.sort(BY_DEADLINE); // stable: ties keep the order they were added in
            }
            for (int i = 0; i < due.size(); i++) {
                Timer timer = due.get(i);
                Runnable action = timer.action;
                if (action == null) {
                    continue; // cancelled by an action that fired before it
                }
                timer.action = null;
                fired++;
                try {
                    if (timer.owner instanceof Component component) {
                        component.runGuarded(action);
                    } else {
                        action.run();
                    }
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "timer on event loop failed", e);
                }
            }
            due.clear();
        }
        if (size > 0 && (!boundExact || bound - now <= 0)) {
            recomputeBound();
        }
        return fired;
    }

    // Nothing is due, but slots of ticks that have passed need no second visit: the sweep moves on, so that a wake
    // after a long sleep visits at most one turn of slots.
    private void advanceSweep(long now) {
        if (ticksSinceSweep(now) > 0) {
            sweptTick = now >> TICK_SHIFT;
        }
    }

    // Ticks are compared through the clock's own differences: the clock may wrap (System.nanoTime() can be near
    // either end of the long range), and a tick number does not wrap with it.
    private long ticksSinceSweep(long now) {
        long elapsed = now - (sweptTick << TICK_SHIFT);
        return elapsed < 0 ? 0 : elapsed >>> TICK_SHIFT;
    }

    private void collectDue(long now) {
        long ticks = ticksSinceSweep(now) + 1;
        int visits = ticks >= SLOTS ? SLOTS : (int) ticks;
        for (int i = 0; i < visits; i++) {
            int slot = (int) ((sweptTick + i) & MASK);
            for (Timer timer = heads[slot]; timer != null; ) {
                Timer next = timer.next;
                if (timer.deadline - now <= 0) {
                    // Out of the chain but still pending, so that an action fired before it may still cancel it.
                    unlink(timer);
                    due.add(timer);
                }
                timer = next;
            }
        }
        // The current tick's slot is visited again next time: a timer may still be added to it, due later in the tick.
        sweptTick = now >> TICK_SHIFT;
    }

    // The earliest deadline: the first slot ahead of the sweep holding a timer of its own tick has it; when no timer
    // is due within a turn, all of them are looked at.
    private void recomputeBound() {
        if (size == 0) {
            boundExact = true;
            return;
        }
        for (int i = 0; i < SLOTS; i++) {
            long tick = sweptTick + i;
            long tickEnd = (tick + 1) << TICK_SHIFT;
            Timer earliest = null;
            for (Timer timer = heads[(int) (tick & MASK)]; timer != null; timer = timer.next) {
                // due within this tick of this turn, not a later turn's
                if (timer.deadline - tickEnd < 0 && (earliest == null || timer.deadline - earliest.deadline < 0)) {
                    earliest = timer;
                }
            }
            if (earliest != null) {
                bound = earliest.deadline;
                boundExact = true;
                return;
            }
        }
        Timer earliest = null;
        for (Timer head : heads) {
            for (Timer timer = head; timer != null; timer = timer.next) {
                if (earliest == null || timer.deadline - earliest.deadline < 0) {
                    earliest = timer;
                }
            }
        }
        bound = earliest.deadline;
        boundExact = true;
    }
}
