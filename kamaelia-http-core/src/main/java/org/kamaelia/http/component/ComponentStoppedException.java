package org.kamaelia.http.component;

/** Thrown into a threaded component's body when the component was finished while the body waited on a box. */
public final class ComponentStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ComponentStoppedException(String component) {
        super(component + " was stopped");
    }
}
