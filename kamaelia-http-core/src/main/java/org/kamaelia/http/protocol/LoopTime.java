package org.kamaelia.http.protocol;

import java.time.Duration;
import org.kamaelia.http.component.Cancellable;

/**
 * The clock and the timers of the loop a component runs on, as the helpers that keep its deadlines see them: the
 * component hands them its own {@code nanoTime} and {@code runAfter} (through a small inner class), so a test can
 * hand them a clock it moves.
 */
interface LoopTime {
    /** The loop's clock, in nanoseconds. */
    long now();

    /** Runs {@code action} on the loop after {@code delay}, unless cancelled or the component has ended. */
    Cancellable after(Duration delay, Runnable action);
}
