package org.kamaelia.http.component;

import java.util.List;

/**
 * A plain-data picture of one live component.
 *
 * @param id the component's id
 * @param name its readable name
 * @param type its class name
 * @param state its state
 * @param parentId the parent's id, or 0 for a top-level component
 * @param boxes its boxes in declaration order
 */
public record ComponentDescription(
        long id, String name, String type, ComponentState state, long parentId, List<BoxDescription> boxes) {

    /** Creates the description, copying the list. */
    public ComponentDescription {
        boxes = List.copyOf(boxes);
    }
}
