package org.kamaelia.http.component;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * What a component class says about one of its boxes: its name and description and, for an inbox, its marks and
 * weigher. Every instance of the class declares the same boxes, so one declaration per class and box is shared by
 * all of them (a connection's two dozen boxes would otherwise each carry these five fields).
 */
final class BoxDeclaration {
    final String name;
    final String description;
    final int capacity;
    final int lowWatermark;
    final ToLongFunction<?> weigher;

    private BoxDeclaration(String name, String description, int capacity, int lowWatermark, ToLongFunction<?> weigher) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        this.capacity = capacity;
        this.lowWatermark = lowWatermark;
        this.weigher = weigher;
    }

    /** An outbox's declaration. */
    static BoxDeclaration outbox(String name, String description) {
        return new BoxDeclaration(name, description, 0, 0, Inbox.COUNT_EACH_AS_ONE);
    }

    /** An inbox's declaration; the marks are checked. */
    static BoxDeclaration inbox(
            String name, String description, long capacity, long lowWatermark, ToLongFunction<?> weigher) {
        if (capacity <= 0 || lowWatermark < 0 || lowWatermark >= capacity) {
            throw new IllegalArgumentException(
                    "need 0 <= lowWatermark < capacity, got " + lowWatermark + " and " + capacity);
        }
        if (capacity > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a box's high mark must be below 2 GiB, got " + capacity);
        }
        return new BoxDeclaration(
                name, description, (int) capacity, (int) lowWatermark, Objects.requireNonNull(weigher, "weigher"));
    }

    // Compared field by field, so that a box whose declaration is already shared allocates nothing.
    boolean matches(String name, String description, long capacity, long lowWatermark, ToLongFunction<?> weigher) {
        return this.capacity == capacity
                && this.lowWatermark == lowWatermark
                && this.weigher == weigher
                && this.name.equals(name)
                && this.description.equals(description);
    }

    /**
     * The declarations of one component class, by the order in which its boxes are made. A box whose declaration
     * differs from the one recorded (a mark taken from a per-instance configuration, say) keeps its own.
     */
    static final class OfClass {
        private static final ClassValue<OfClass> BY_CLASS = new ClassValue<>() {
            @Override
            protected OfClass computeValue(Class<?> type) {
                return new OfClass();
            }
        };

        private volatile BoxDeclaration[] byPosition = new BoxDeclaration[0];

        static OfClass of(Class<?> type) {
            return BY_CLASS.get(type);
        }

        /** The declaration recorded at {@code position} if it says exactly this, else {@code null}. */
        BoxDeclaration find(
                int position,
                String name,
                String description,
                long capacity,
                long lowWatermark,
                ToLongFunction<?> weigher) {
            BoxDeclaration[] known = byPosition;
            if (position < known.length) {
                BoxDeclaration recorded = known[position];
                if (recorded != null && recorded.matches(name, description, capacity, lowWatermark, weigher)) {
                    return recorded;
                }
            }
            return null;
        }

        /**
         * Records {@code made} at {@code position} if nothing is recorded there yet; a box that differs from the
         * recorded one keeps {@code made} for itself.
         */
        BoxDeclaration adopt(int position, BoxDeclaration made) {
            synchronized (this) {
                BoxDeclaration[] known = byPosition;
                if (position < known.length && known[position] != null) {
                    BoxDeclaration recorded = known[position];
                    // Another thread may have recorded the same declaration meanwhile.
                    return recorded.matches(made.name, made.description, made.capacity, made.lowWatermark, made.weigher)
                            ? recorded
                            : made;
                }
                known = Arrays.copyOf(known, Math.max(known.length, position + 1));
                known[position] = made;
                byPosition = known; // published whole, so readers without the lock see a complete array
                return made;
            }
        }
    }
}
