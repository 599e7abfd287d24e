package dev.tandem.nurture.service;

import dev.tandem.nurture.Campaign;
import dev.tandem.nurture.CampaignDefinition;
import dev.tandem.nurture.CampaignState;
import dev.tandem.nurture.CampaignView;
import dev.tandem.nurture.repository.CampaignRepository;
import dev.tandem.nurture.repository.TemplateRepository;
import dev.tandem.platform.http.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

@ApplicationScoped
public class CampaignService {

    private static final Map<String, CampaignDefinition> PARSED = new ConcurrentHashMap<>();

    @Inject
    CampaignRepository campaigns;

    @Inject
    TemplateRepository templates;

    @Inject
    Clock clock;

    /** The parsed definition of a stored campaign (cached by its JSON: definitions are immutable values). */
    public static CampaignDefinition definition(Campaign campaign) {
        return PARSED.computeIfAbsent(campaign.definition, json -> Json.read(json, CampaignDefinition.class));
    }

    @Transactional
    public CampaignView create(CampaignDefinition definition) {
        validate(definition);
        Campaign campaign = new Campaign();
        campaign.id = UUID.randomUUID();
        campaign.name = definition.name().trim();
        campaign.state = CampaignState.DRAFT;
        campaign.definition = Json.write(definition);
        campaign.createdAt = clock.instant();
        campaign.updatedAt = campaign.createdAt;
        campaigns.persist(campaign);
        campaigns.flush();
        return view(campaign);
    }

    /** Only a draft or a paused campaign can be edited: a running one would change under its enrolments. */
    @Transactional
    public CampaignView update(UUID id, CampaignDefinition definition) {
        Campaign campaign = find(id);
        if (campaign.state != CampaignState.DRAFT && campaign.state != CampaignState.PAUSED) {
            throw new ConflictException("campaign " + id + " is " + campaign.state.code() + "; pause it to edit it");
        }
        validate(definition);
        campaign.name = definition.name().trim();
        campaign.definition = Json.write(definition);
        campaign.updatedAt = clock.instant();
        campaigns.flush();
        return view(campaign);
    }

    @Transactional
    public CampaignView changeState(UUID id, CampaignState target, String reason) {
        Campaign campaign = find(id);
        if (!campaign.state.canMoveTo(target)) {
            throw new ConflictException("campaign " + id + " cannot move from " + campaign.state.code() + " to "
                    + target.code());
        }
        if (target == CampaignState.ACTIVE) {
            // Templates may have been deleted or edited since the campaign was saved.
            validate(definition(campaign));
        }
        campaign.state = target;
        campaign.stateReason = target == CampaignState.PAUSED ? reason : null;
        campaign.updatedAt = clock.instant();
        campaigns.flush();
        return view(campaign);
    }

    /** The campaign pauses itself (bounces, complaints), saying why. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void autoPause(Campaign campaign, String reason) {
        if (campaign.state == CampaignState.ACTIVE) {
            campaign.state = CampaignState.PAUSED;
            campaign.stateReason = reason;
            campaign.updatedAt = clock.instant();
        }
    }

    @Transactional
    public CampaignView get(UUID id) {
        return view(find(id));
    }

    @Transactional
    public List<CampaignView> list(CampaignState state) {
        return (state == null ? campaigns.list("order by createdAt, id")
                : campaigns.list("state = ?1 order by createdAt, id", state)).stream().map(CampaignService::view).toList();
    }

    @Transactional
    public void delete(UUID id) {
        Campaign campaign = find(id);
        if (campaign.state != CampaignState.DRAFT) {
            throw new ConflictException("only a draft campaign can be deleted; archive campaign " + id + " instead");
        }
        campaigns.delete(campaign);
    }

    public Campaign find(UUID id) {
        Campaign campaign = campaigns.findById(id);
        if (campaign == null) {
            throw new NotFoundException("campaign", id);
        }
        return campaign;
    }

    private void validate(CampaignDefinition definition) {
        if (definition == null) {
            throw InvalidInputException.of("body", "is required");
        }
        List<FieldError> errors = CampaignValidator.check(definition, id -> templates.findById(id) != null);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    static CampaignView view(Campaign c) {
        return new CampaignView(c.id, c.name, c.state, c.stateReason, definition(c), c.version, c.createdAt, c.updatedAt);
    }
}
