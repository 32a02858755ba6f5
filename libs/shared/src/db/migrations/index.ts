import { InitialSchema1764201600000 } from './1764201600000-initial-schema';
import { SeedReferenceData1764201700000 } from './1764201700000-seed-reference-data';
import { RouterReferenceTables1764230400000 } from './1764230400000-router-reference-tables';
import { RuleSetDocuments1764234000000 } from './1764234000000-rule-set-documents';
import { ConnectorStatus1764241200000 } from './1764241200000-connector-status';
import { PushChannels1764237600000 } from './1764237600000-push-channels';
import { RunNow1764244800000 } from './1764244800000-run-now';
import { ApiKeys1764248400000 } from './1764248400000-api-keys';
import { TicketHeads1764259200000 } from './1764259200000-ticket-heads';
import { RuleAuthoring1764255600000 } from './1764255600000-rule-authoring';
import { TicketHeadsSubmitted1764264600000 } from './1764264600000-ticket-heads-submitted';
import { Webhooks1764262800000 } from './1764262800000-webhooks';
import { ModelVersions1764300000000 } from './1764300000000-model-versions';
import { Supervision1764303600000 } from './1764303600000-supervision';
import { Authority1764307200000 } from './1764307200000-authority';
import { Attachments1764310800000 } from './1764310800000-attachments';
import { EgressAllowlists1764314400000 } from './1764314400000-egress-allowlists';
import { ConsoleSessions1764318000000 } from './1764318000000-console-sessions';
import { TicketRatings1764321600000 } from './1764321600000-ticket-ratings';
import { DissatisfiedReopens1764325200000 } from './1764325200000-dissatisfied-reopens';
import { StatsRollups1764328800000 } from './1764328800000-stats-rollups';
import { Hotspots1764332400000 } from './1764332400000-hotspots';
import { RouterPublished1764336000000 } from './1764336000000-router-published';
import { DecisionStatsPerStatement1764339600000 } from './1764339600000-decision-stats-per-statement';
import { DecisionStatsLean1764346800000 } from './1764346800000-decision-stats-lean';
import { Lz4Documents1764343200000 } from './1764343200000-lz4-documents';

/** Listed explicitly (no glob): the build output and ts-jest see exactly the same migrations. */
export const MIGRATIONS = [
  InitialSchema1764201600000,
  SeedReferenceData1764201700000,
  RouterReferenceTables1764230400000,
  RuleSetDocuments1764234000000,
  PushChannels1764237600000,
  ConnectorStatus1764241200000,
  RunNow1764244800000,
  ApiKeys1764248400000,
  RuleAuthoring1764255600000,
  TicketHeads1764259200000,
  Webhooks1764262800000,
  TicketHeadsSubmitted1764264600000,
  ModelVersions1764300000000,
  Supervision1764303600000,
  Authority1764307200000,
  Attachments1764310800000,
  EgressAllowlists1764314400000,
  ConsoleSessions1764318000000,
  TicketRatings1764321600000,
  DissatisfiedReopens1764325200000,
  StatsRollups1764328800000,
  Hotspots1764332400000,
  RouterPublished1764336000000,
  DecisionStatsPerStatement1764339600000,
  Lz4Documents1764343200000,
  DecisionStatsLean1764346800000,
];
