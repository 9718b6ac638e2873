package org.kamaelia.http.component;

/** Where a component is in its life. */
public enum ComponentState {
    /** Made but not yet running on a loop. */
    CREATED,
    /** Running: it is woken when its boxes need attention. */
    RUNNING,
    /** Ended, normally or by a failure; its linkages are gone. */
    FINISHED
}
