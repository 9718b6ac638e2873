package org.kamaelia.http.component;

import java.util.Objects;

/**
 * A named, described endpoint of a component through which messages flow; either an {@link Inbox} or an
 * {@link Outbox}.
 */
public abstract sealed class Box permits Inbox, Outbox {
    private final Component owner;
    // Name, description and marks, shared by the same box of every instance of the owner's class.
    final BoxDeclaration declaration;
    // The owner's boxes form a chain in declaration order (no list per component: this field fits in padding).
    Box nextOfOwner;

    Box(Component owner, BoxDeclaration declaration) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.declaration = declaration;
    }

    /** The component that declared this box. */
    public final Component owner() {
        return owner;
    }

    /** The box's short name, such as {@code inbox} or {@code control}. */
    public final String name() {
        return declaration.name;
    }

    /** One line saying what flows through this box. */
    public final String description() {
        return declaration.description;
    }

    @Override
    public final String toString() {
        return owner.name() + "." + declaration.name;
    }
}
