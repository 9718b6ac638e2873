package org.kamaelia.http.component;

/** A handle on something scheduled, such as a timer, that can be called off; cancelling twice has no effect. */
@FunctionalInterface
public interface Cancellable {
    /** Calls it off if it has not happened yet. */
    void cancel();
}
