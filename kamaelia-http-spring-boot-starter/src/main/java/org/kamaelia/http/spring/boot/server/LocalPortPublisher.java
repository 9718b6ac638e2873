package org.kamaelia.http.spring.boot.server;

import java.util.HashMap;
import java.util.Map;
import org.kamaelia.http.spring.boot.KamaeliaHttpServerStartedEvent;
import org.kamaelia.http.spring.boot.LocalKamaeliaPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Puts each started server's port into the environment as {@code local.kamaelia.http.<name>.port}, as Boot does
 * with {@code local.server.port}, in this context and its ancestors.
 */
public final class LocalPortPublisher
        implements ApplicationListener<KamaeliaHttpServerStartedEvent>, ApplicationContextAware {
    /** The name of the property source holding the ports. */
    public static final String PROPERTY_SOURCE = "kamaelia.http.local-ports";

    private ApplicationContext context;

    /** A publisher into the context it is a bean of. */
    public LocalPortPublisher() {}

    @Override
    public void setApplicationContext(ApplicationContext applicationContext) {
        this.context = applicationContext;
    }

    @Override
    public void onApplicationEvent(KamaeliaHttpServerStartedEvent event) {
        String key = LocalKamaeliaPort.PROPERTY_PREFIX + event.getServerName() + ".port";
        for (ApplicationContext each = context; each != null; each = each.getParent()) {
            if (each instanceof ConfigurableApplicationContext configurable) {
                publish(configurable.getEnvironment(), key, event.getPort());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void publish(ConfigurableEnvironment environment, String key, int port) {
        MutablePropertySources sources = environment.getPropertySources();
        PropertySource<?> source = sources.get(PROPERTY_SOURCE);
        if (source == null) {
            source = new MapPropertySource(PROPERTY_SOURCE, new HashMap<>());
            sources.addFirst(source);
        }
        ((Map<String, Object>) source.getSource()).put(key, port);
    }
}
