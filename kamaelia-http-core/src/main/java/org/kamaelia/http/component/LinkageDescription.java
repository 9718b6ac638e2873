package org.kamaelia.http.component;

/**
 * A plain-data picture of one linkage between two boxes.
 *
 * @param fromComponent id of the component owning the source box
 * @param fromBox name of the source box
 * @param toComponent id of the component owning the destination box
 * @param toBox name of the destination box
 * @param kind link or passthrough
 */
public record LinkageDescription(
        long fromComponent, String fromBox, long toComponent, String toBox, Linkage.Kind kind) {

    static LinkageDescription of(Linkage linkage) {
        return new LinkageDescription(
                linkage.from().owner().id(),
                linkage.from().name(),
                linkage.to().owner().id(),
                linkage.to().name(),
                linkage.kind());
    }
}
