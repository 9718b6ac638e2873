package org.kamaelia.http.component;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits on a condition with a deadline instead of sleeping for a fixed time. */
public final class Conditions {
    private Conditions() {}

    /** Waits until {@code condition} holds, failing with {@code what} after {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            // Poll again shortly: a pause between checks of the condition, never a wait for a fixed time.
            LockSupport.parkNanos(1_000_000);
            if (Thread.interrupted()) {
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }

    /** Waits up to ten seconds. */
    public static void await(String what, BooleanSupplier condition) {
        await(what, Duration.ofSeconds(10), condition);
    }
}
