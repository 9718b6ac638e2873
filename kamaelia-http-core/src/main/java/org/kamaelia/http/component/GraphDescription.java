package org.kamaelia.http.component;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A plain-data picture of a set of live components and the linkages between their boxes: Kamaelia's
 * introspector output, ready to print or to serve as JSON.
 *
 * @param components the components, parents before children
 * @param linkages every link and passthrough that starts at one of them
 */
public record GraphDescription(List<ComponentDescription> components, List<LinkageDescription> linkages) {

    /** Creates the description, copying the lists. */
    public GraphDescription {
        components = List.copyOf(components);
        linkages = List.copyOf(linkages);
    }

    /**
     * Describes {@code roots} and all their descendants. Call on the loop that runs them, so the picture is
     * consistent.
     */
    public static GraphDescription of(Collection<? extends Component> roots) {
        Set<Component> all = new LinkedHashSet<>();
        Deque<Component> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            Component next = todo.poll();
            if (all.add(next)) {
                todo.addAll(next.children());
            }
        }
        List<ComponentDescription> components = new ArrayList<>(all.size());
        List<LinkageDescription> linkages = new ArrayList<>();
        for (Component component : all) {
            List<BoxDescription> boxes = new ArrayList<>();
            for (Box box : component.boxes()) {
                boxes.add(BoxDescription.of(box));
                if (box instanceof Outbox<?> outbox && outbox.linkage() != null) {
                    linkages.add(LinkageDescription.of(outbox.linkage()));
                } else if (box instanceof Inbox<?> inbox && inbox.forward() != null) {
                    linkages.add(
                            LinkageDescription.of(new Linkage(inbox, inbox.forward(), Linkage.Kind.INBOX_PASSTHROUGH)));
                }
            }
            Component parent = component.parent();
            components.add(new ComponentDescription(
                    component.id(),
                    component.name(),
                    component.getClass().getName(),
                    component.state(),
                    parent == null ? 0 : parent.id(),
                    boxes));
        }
        return new GraphDescription(components, linkages);
    }

    static GraphDescription merge(List<GraphDescription> parts) {
        List<ComponentDescription> components = new ArrayList<>();
        List<LinkageDescription> linkages = new ArrayList<>();
        for (GraphDescription part : parts) {
            components.addAll(part.components());
            linkages.addAll(part.linkages());
        }
        return new GraphDescription(components, linkages);
    }
}
