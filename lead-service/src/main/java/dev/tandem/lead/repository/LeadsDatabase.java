package dev.tandem.lead.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The service's own database ({@code quarkus.mongodb.database}, {@code tandem_leads}): where every repository's collection lives. */
@ApplicationScoped
public class LeadsDatabase {

    @Inject
    MongoClient client;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    public MongoCollection<Document> collection(String name) {
        return client.getDatabase(database).getCollection(name);
    }
}
