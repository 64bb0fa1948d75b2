import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SiemDestination, siemDestination } from "../config/telemetry";

/**
 * The SIEM copy of the audit stream. A Splunk HEC URL uses Firehose's Splunk destination (it speaks
 * HEC with indexer acknowledgement); any other URL its HTTP endpoint destination. Either way the
 * token is read from the vault through Secrets Manager and failed records land in the archive.
 */

/**
 * The vault value Firehose reads: Splunk wants `{"hec_token": …}`, an HTTP endpoint `{"api_key": …}`
 * (Amazon Data Firehose, "Understand secrets"); any other shape fails every delivery.
 */
export function siemSecretString(destination: SiemDestination, token: string): string {
  return JSON.stringify(destination.kind === "splunk" ? { hec_token: token } : { api_key: token });
}

/** The operator's token in the shape the stack's SIEM destination expects; still a secret. */
export function siemSecretValue(url: string, token: pulumi.Output<string>): pulumi.Output<string> {
  const destination = siemDestination(url);
  return pulumi.secret(token.apply((value) => siemSecretString(destination, value)));
}

type StreamArgs = aws.kinesis.FirehoseDeliveryStreamArgs;
type Processing = aws.types.input.kinesis.FirehoseDeliveryStreamHttpEndpointConfigurationProcessingConfiguration;
type Backup = aws.types.input.kinesis.FirehoseDeliveryStreamHttpEndpointConfigurationS3Configuration;

export interface SiemStreamInput {
  readonly url: string;
  /** Shown in the Firehose console (HTTP endpoint destinations only). */
  readonly name: string;
  /** The token's secret in the vault. */
  readonly secretArn: pulumi.Input<string>;
  /** Firehose's delivery role: reads the secret and writes the backup. */
  readonly roleArn: pulumi.Input<string>;
  /** Records as the SIEM should see them (the CloudWatch Logs envelope removed). */
  readonly processing: Processing;
  /** Where records the SIEM did not accept go. */
  readonly failedRecords: Backup;
}

/** Buffer little and retry for an hour: the SIEM should see records within a minute, and lose none. */
const BUFFER = { bufferingSize: 1, bufferingInterval: 60, retryDuration: 3600 } as const;

/** The destination part of the SIEM delivery stream's arguments. */
export function siemStreamArgs(
  input: SiemStreamInput,
): Pick<StreamArgs, "destination" | "splunkConfiguration" | "httpEndpointConfiguration"> {
  const destination = siemDestination(input.url);
  // Splunk needs the role named here; for HTTP endpoints it would default to the destination's role.
  const secretsManagerConfiguration = { enabled: true, secretArn: input.secretArn, roleArn: input.roleArn };
  if (destination.kind === "splunk") {
    return {
      destination: "splunk",
      splunkConfiguration: {
        hecEndpoint: destination.hecEndpoint,
        hecEndpointType: destination.hecEndpointType,
        hecAcknowledgmentTimeout: 300,
        secretsManagerConfiguration,
        processingConfiguration: input.processing,
        ...BUFFER,
        s3BackupMode: "FailedEventsOnly",
        s3Configuration: input.failedRecords,
      },
    };
  }
  return {
    destination: "http_endpoint",
    httpEndpointConfiguration: {
      url: destination.url,
      name: input.name,
      roleArn: input.roleArn,
      secretsManagerConfiguration,
      requestConfiguration: { contentEncoding: "GZIP" },
      processingConfiguration: input.processing,
      ...BUFFER,
      s3BackupMode: "FailedDataOnly",
      s3Configuration: input.failedRecords,
    },
  };
}
