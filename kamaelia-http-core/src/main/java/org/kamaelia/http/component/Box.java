package org.kamaelia.http.component;

import java.util.Objects;

/**
 * A named, described endpoint of a component through which messages flow; either an {@link Inbox} or an
 * {@link Outbox}.
 */
public abstract sealed class Box permits Inbox, Outbox {
    private final Component owner;
    private final String name;
    private final String description;
    // The owner's boxes form a chain in declaration order (no list per component: this field fits in padding).
    Box nextOfOwner;

    Box(Component owner, String name, String description) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
    }

    /** The component that declared this box. */
    public final Component owner() {
        return owner;
    }

    /** The box's short name, such as {@code inbox} or {@code control}. */
    public final String name() {
        return name;
    }

    /** One line saying what flows through this box. */
    public final String description() {
        return description;
    }

    @Override
    public final String toString() {
        return owner.name() + "." + name;
    }
}
