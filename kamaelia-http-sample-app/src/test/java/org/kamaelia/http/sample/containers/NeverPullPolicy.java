package org.kamaelia.http.sample.containers;

import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.utility.DockerImageName;

/** Never pulls: the images are local, and a missing one should fail at once rather than retry for minutes. */
public final class NeverPullPolicy implements ImagePullPolicy {
    @Override
    public boolean shouldPull(DockerImageName imageName) {
        return false;
    }
}
