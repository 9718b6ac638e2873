package org.kamaelia.http.spring.boot.actuate;

import java.util.HashMap;
import java.util.Map;
import org.kamaelia.http.spring.boot.KamaeliaHttpServerStartedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Puts the Kamaelia management server's port into the environment as {@code local.management.port}, the property
 * Boot's {@code @LocalManagementPort} reads, once the server made for {@code management.server.port} is listening.
 * Used only with that server.
 */
public final class LocalManagementPortPublisher
        implements ApplicationListener<KamaeliaHttpServerStartedEvent>, ApplicationContextAware {
    /** The property Boot's tests read the management port from. */
    public static final String PROPERTY = "local.management.port";

    private static final String PROPERTY_SOURCE = "kamaelia.http.local-management-port";

    private ApplicationContext context;

    /** A publisher into the context it is a bean of. */
    public LocalManagementPortPublisher() {}

    @Override
    public void setApplicationContext(ApplicationContext applicationContext) {
        this.context = applicationContext;
    }

    @Override
    public void onApplicationEvent(KamaeliaHttpServerStartedEvent event) {
        if (!event.getServerName().equals(ManagementServerPostProcessor.SERVER)) {
            return;
        }
        for (ApplicationContext each = context; each != null; each = each.getParent()) {
            if (each instanceof ConfigurableApplicationContext configurable) {
                publish(configurable.getEnvironment(), event.getPort());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void publish(ConfigurableEnvironment environment, int port) {
        MutablePropertySources sources = environment.getPropertySources();
        PropertySource<?> source = sources.get(PROPERTY_SOURCE);
        if (source == null) {
            source = new MapPropertySource(PROPERTY_SOURCE, new HashMap<>());
            sources.addFirst(source);
        }
        ((Map<String, Object>) source.getSource()).put(PROPERTY, port);
    }
}
