package org.kamaelia.http.component;

/** Thrown by {@link Outbox#send} when the destination inbox has no room: the producer should have checked. */
public final class BoxFullException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    BoxFullException(Inbox<?> box) {
        super("box full: " + box);
    }
}
