package dev.toonforge.trainer.ownership;

import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.events.EventCodec;
import dev.toonforge.contracts.events.RunAssignment;
import dev.toonforge.trainer.config.TrainerSettings;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code training.runs} as the trainer writes it: creates the compacted topic, sends a run's records (waiting for the
 * broker's acknowledgement) and reads which trainer of the group owns which partitions, for placement.
 */
@ApplicationScoped
public class RunsTopic {

    private static final Logger LOG = Logger.getLogger(RunsTopic.class);
    static final long SEND_TIMEOUT_SECONDS = 15;

    private final String bootstrap;
    private final TrainerSettings settings;
    private volatile Admin admin;
    private volatile KafkaProducer<String, String> producer;

    public RunsTopic(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap, TrainerSettings settings) {
        this.bootstrap = bootstrap;
        this.settings = settings;
    }

    /** Creates the topic (compacted, {@code run-partitions} partitions) unless it exists. */
    public void ensureExists() {
        NewTopic topic = new NewTopic(Topics.TRAINING_RUNS, settings.runPartitions(), (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin().createTopics(List.of(topic)).all().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.infof("Created topic %s with %d partitions", Topics.TRAINING_RUNS, settings.runPartitions());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + Topics.TRAINING_RUNS + ": " + e.getCause(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka " + bootstrap + " did not create topic " + Topics.TRAINING_RUNS
                    + " within " + SEND_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + Topics.TRAINING_RUNS, e);
        }
    }

    /**
     * Sends the run's record to {@code partition} and returns once the broker has it; throws
     * {@link IllegalStateException} when the broker does not take it.
     */
    public void send(RunAssignment record, int partition) {
        sendRecord(new ProducerRecord<>(Topics.TRAINING_RUNS, partition, record.runId(), EventCodec.encode(record)));
    }

    /** The tombstone of an ended or deleted run: the compacted topic forgets it. */
    public void forget(String runId, int partition) {
        sendRecord(new ProducerRecord<>(Topics.TRAINING_RUNS, partition, runId, null));
    }

    /** The partition of a run without a placement: its key's hash, as Kafka's default partitioner computes it. */
    public int partitionByKey(String runId) {
        int partitions = producer().partitionsFor(Topics.TRAINING_RUNS).size();
        return Utils.toPositive(Utils.murmur2(runId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private void sendRecord(ProducerRecord<String, String> record) {
        try {
            producer().send(record).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(Topics.TRAINING_RUNS + " did not take the record of run " + record.key()
                    + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(Topics.TRAINING_RUNS + " did not acknowledge the record of run "
                    + record.key() + " within " + SEND_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending the record of run " + record.key(), e);
        }
    }

    /**
     * A partition of the trainer with the most free capacity ({@link RunPlacement}); empty when the group cannot be
     * read or has no members (the record then goes by its key's hash).
     */
    public Optional<Integer> place(Map<Integer, Integer> activeRunsByPartition) {
        try {
            ConsumerGroupDescription group = admin().describeConsumerGroups(List.of(settings.ownershipGroup()))
                    .describedGroups().get(settings.ownershipGroup()).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<RunPlacement.Member> members = group.members().stream()
                    .map(m -> new RunPlacement.Member(m.clientId(), m.assignment().topicPartitions().stream()
                            .filter(tp -> tp.topic().equals(Topics.TRAINING_RUNS)).map(TopicPartition::partition)
                            .sorted().toList()))
                    .toList();
            return RunPlacement.choose(members, activeRunsByPartition);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("Trainer group %s not readable (%s); the run's record goes by its key", settings.ownershipGroup(),
                    e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(5));
        }
    }

    private Admin admin() {
        if (admin == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT_SECONDS * 1000,
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT_SECONDS * 1000 - 1000));
                }
            }
        }
        return admin;
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                            ProducerConfig.ACKS_CONFIG, "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                            ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_TIMEOUT_SECONDS * 1000,
                            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT_SECONDS * 1000,
                            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT_SECONDS * 1000 - 1000,
                            ProducerConfig.LINGER_MS_CONFIG, 0),
                            new StringSerializer(), new StringSerializer());
                }
            }
        }
        return producer;
    }
}
