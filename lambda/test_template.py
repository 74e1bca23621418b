"""The deployment template under every combination of its optional parameters (KMS key, VPC, reserved
concurrency, permissions boundary, ground-truth prefix): each rendered copy is cfn-lint clean, and once SAM has transformed it and
its conditions are resolved as CloudFormation would, the function and its role hold exactly the grants the
parameters ask for, and nothing when they are empty. Then the operations part: the Stage in names and tags (a dev
and a prod stack side by side), the log group's retention, and the alarms with their optional SNS topic.

Run: python3 -m unittest discover -s lambda -p 'test_*.py'
"""

import copy
import itertools
import json
import logging
import os
import subprocess
import tempfile
import unittest

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

# samtranslator warns about metrics it was never asked to publish, once per transform.
logging.getLogger("samtranslator").setLevel(logging.ERROR)

TEMPLATE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "template.yaml")

REQUIRED = {
    "ArthurHost": "https://arthur.example.com",
    "ArthurModelId": "model-1",
    "ArthurTokenSecretArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:arthur-token",
}
KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
BOUNDARY = "arn:aws:iam::123456789012:policy/DeveloperBoundary"
SUBNETS = "subnet-0a1b2c3d,subnet-4e5f6a7b"
GROUPS = "sg-0123abcd"
VPC_POLICY = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
TOPIC = "arn:aws:sns:us-east-1:123456789012:on-call"

# Each optional setting: the parameters that turn it on.
OPTIONS = {
    "kms": {"KmsKeyArn": KEY},
    "vpc": {"SubnetIds": SUBNETS, "SecurityGroupIds": GROUPS},
    "concurrency": {"ReservedConcurrency": "5"},
    "boundary": {"PermissionsBoundaryArn": BOUNDARY},
    "groundtruth": {"GroundTruthPrefix": "groundtruth/"},
    "output": {"OutputPrefix": "lake/inferences/", "OutputFormat": "csv"},
}


def combinations():
    """Every subset of OPTIONS, with the parameters it sets."""
    names = sorted(OPTIONS)
    for count in range(len(names) + 1):
        for chosen in itertools.combinations(names, count):
            parameters = dict(REQUIRED)
            for name in chosen:
                parameters.update(OPTIONS[name])
            yield set(chosen), parameters


class Resolver:
    """CloudFormation's intrinsic functions, as far as this template's conditions and grants need them."""

    def __init__(self, template, parameters):
        self.values = {}
        for name, parameter in template["Parameters"].items():
            value = parameters.get(name, parameter.get("Default"))
            if parameter["Type"] == "CommaDelimitedList":
                value = [] if value in (None, "") else str(value).split(",")
            self.values[name] = value
        self.values.update({"AWS::Partition": "aws", "AWS::AccountId": "123456789012", "AWS::StackName": "s"})
        self.conditions = {name: self.value(body) for name, body in template.get("Conditions", {}).items()}

    def value(self, node):
        if isinstance(node, list):
            return [item for item in (self.value(item) for item in node) if item is not NO_VALUE]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            (function, argument), = node.items()
            if function == "Ref":
                return NO_VALUE if argument == "AWS::NoValue" else self.values.get(argument, {"Ref": argument})
            if function == "Fn::If":
                return self.value(argument[1] if self.conditions[argument[0]] else argument[2])
            if function == "Fn::Equals":
                left, right = (self.value(item) for item in argument)
                return str(left) == str(right)
            if function == "Fn::Not":
                return not self.value(argument[0])
            if function == "Fn::Join":
                return argument[0].join(str(item) for item in self.value(argument[1]))
            if function == "Fn::Sub":
                text = argument if isinstance(argument, str) else argument[0]
                names = dict(self.values)
                if not isinstance(argument, str):
                    names.update({key: self.value(item) for key, item in argument[1].items()})
                for key, item in names.items():
                    text = text.replace("${%s}" % key, str(item))
                return text
        resolved = {key: self.value(item) for key, item in node.items()}
        return {key: item for key, item in resolved.items() if item is not NO_VALUE}


NO_VALUE = object()


def load(path):
    """A template file, its short-form tags (`!Ref`, `!If`, …) read as SAM reads them."""
    with open(path) as file:
        return yaml_parse(file.read())


class NoManagedPolicies:
    def load(self):
        return {}


def transformed(parameters):
    """The template as CloudFormation receives it from SAM, for `parameters`."""
    template = load(TEMPLATE)
    template["Resources"]["IngestFunction"]["Properties"]["CodeUri"] = "s3://code-bucket/function.zip"
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    return transform(template, parameters, NoManagedPolicies())


class TemplateTests(unittest.TestCase):
    def test_each_combination_grants_exactly_what_it_asks_for(self):
        for chosen, parameters in combinations():
            with self.subTest(options=sorted(chosen)):
                cloudformation = transformed(parameters)
                resolver = Resolver(cloudformation, parameters)
                function = resolver.value(cloudformation["Resources"]["IngestFunction"]["Properties"])
                role = resolver.value(cloudformation["Resources"]["IngestFunctionRole"]["Properties"])
                statements = [
                    statement for policy in role["Policies"] for statement in policy["PolicyDocument"]["Statement"]
                ]
                kms = [statement for statement in statements if "kms" in json.dumps(statement.get("Action"))]
                if "kms" in chosen:
                    self.assertEqual(len(kms), 1)
                    self.assertEqual(sorted(kms[0]["Action"]), ["kms:Decrypt", "kms:GenerateDataKey"])
                    self.assertEqual(kms[0]["Resource"], KEY)
                    self.assertEqual(kms[0]["Effect"], "Allow")
                else:
                    self.assertEqual(kms, [])
                if "vpc" in chosen:
                    self.assertEqual(
                        function["VpcConfig"],
                        {"SubnetIds": SUBNETS.split(","), "SecurityGroupIds": GROUPS.split(",")})
                    self.assertIn(VPC_POLICY, role["ManagedPolicyArns"])
                else:
                    self.assertNotIn("VpcConfig", function)
                    self.assertNotIn(VPC_POLICY, role["ManagedPolicyArns"])
                if "concurrency" in chosen:
                    self.assertEqual(str(function["ReservedConcurrentExecutions"]), "5")
                else:
                    self.assertNotIn("ReservedConcurrentExecutions", function)
                if "boundary" in chosen:
                    self.assertEqual(role["PermissionsBoundary"], BOUNDARY)
                else:
                    self.assertNotIn("PermissionsBoundary", role)
                reads = {statement["Sid"]: statement["Resource"] for statement in statements
                         if statement["Action"] == "s3:GetObject"}
                capture = "arn:aws:s3:::sagemaker-capture-123456789012-s/datacapture/*"
                if "groundtruth" in chosen:
                    self.assertEqual(reads, {"ReadCaptureFiles": capture, "ReadGroundTruthFiles":
                                             "arn:aws:s3:::sagemaker-capture-123456789012-s/groundtruth/*"})
                else:
                    self.assertEqual(reads, {"ReadCaptureFiles": capture})
                # Whatever the options, the role keeps its own grants and no wildcard action or resource, and may
                # abort the multipart uploads it starts wherever it may put objects.
                for statement in statements:
                    actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
                    if "s3:PutObject" in actions:
                        self.assertIn("s3:AbortMultipartUpload", actions, statement.get("Sid"))
                    self.assertNotIn("*", json.dumps(statement.get("Action")))
                    self.assertNotEqual(statement.get("Resource"), "*")
                self.assertTrue(any(statement.get("Sid") == "ReportFailedEvents" for statement in statements))
                # Inference files (issue 13): PutObject on the output prefix only, and only when one is given.
                output = [statement for statement in statements if statement.get("Sid") == "WriteOutputFiles"]
                variables = function["Environment"]["Variables"]
                if "output" in chosen:
                    self.assertEqual(len(output), 1)
                    self.assertEqual(sorted(output[0]["Action"]), ["s3:AbortMultipartUpload", "s3:PutObject"])
                    self.assertEqual(
                        output[0]["Resource"], "arn:aws:s3:::sagemaker-capture-123456789012-s/lake/inferences/*")
                    self.assertEqual(variables["OUTPUT_S3_URI"], "s3://sagemaker-capture-123456789012-s/lake/inferences/")
                    self.assertEqual(variables["OUTPUT_FORMAT"], "csv")
                else:
                    self.assertEqual(output, [])
                    self.assertNotIn("OUTPUT_S3_URI", variables)
                writers = {statement.get("Sid") for statement in statements
                           if "s3:PutObject" in json.dumps(statement["Action"])}
                self.assertEqual(writers, {"WriteDeadLetter", "KeepProgress"} | ({"WriteOutputFiles"} if output else set()))
                # Leases are released with DeleteObject on the progress prefix, and nowhere else.
                deleting = [
                    statement for statement in statements if "s3:DeleteObject" in json.dumps(statement["Action"])
                ]
                self.assertEqual([statement.get("Sid") for statement in deleting], ["KeepProgress"])
                self.assertEqual(
                    sorted(deleting[0]["Action"]),
                    ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:PutObject"])
                self.assertTrue(deleting[0]["Resource"].endswith("/capture-progress/*"), deleting[0])
                # A progress record not written yet must read as 404, not 403: S3 says 404 only to those who may
                # list the bucket, so the role may list it (the bucket itself, key names only) and nothing else.
                listing = [statement for statement in statements if "s3:ListBucket" in json.dumps(statement["Action"])]
                self.assertEqual(len(listing), 1)
                self.assertEqual(listing[0]["Action"], "s3:ListBucket")
                self.assertEqual(listing[0]["Resource"], "arn:aws:s3:::sagemaker-capture-123456789012-s")

    def test_every_rendered_combination_is_lint_clean(self):
        # The prod stage with an alarm topic rides along with the combinations.
        prod = {**REQUIRED, "Stage": "prod", "AlarmTopicArn": TOPIC, "RejectedLinesThreshold": "10"}
        self.assertLintClean([parameters for _, parameters in combinations()] + [prod])

    def assertLintClean(self, parameter_sets):
        # Each set's values become the parameters' defaults in a copy of the template, so that cfn-lint checks them
        # against the parameters' patterns and the rules, and sees the template as it would be deployed.
        source = load(TEMPLATE)
        with tempfile.TemporaryDirectory() as directory:
            paths = []
            for index, parameters in enumerate(parameter_sets):
                rendered = copy.deepcopy(source)
                for name, value in parameters.items():
                    rendered["Parameters"][name]["Default"] = value
                path = os.path.join(directory, "template-%02d.json" % index)
                with open(path, "w") as file:
                    json.dump(rendered, file)
                paths.append(path)
            result = subprocess.run(["cfn-lint", *paths], capture_output=True, text=True)
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_a_ground_truth_prefix_triggers_the_function_too(self):
        def prefixes(parameters):
            resources = deployed(parameters)
            if parameters.get("TriggerMode") == "ExistingBucket":
                pattern = resources["ObjectCreatedRule"][1]["EventPattern"]
                return [key["prefix"] for key in pattern["detail"]["object"]["key"]]
            configurations = resources["CaptureBucket"][1]["NotificationConfiguration"]["LambdaConfigurations"]
            for configuration in configurations:
                self.assertEqual(configuration["Event"], "s3:ObjectCreated:*")
            rules = [{rule["Name"]: rule["Value"] for rule in c["Filter"]["S3Key"]["Rules"]} for c in configurations]
            self.assertTrue(all(rule["suffix"] == ".jsonl" for rule in rules))
            return [rule["prefix"] for rule in rules]

        existing = {"TriggerMode": "ExistingBucket", "ExistingBucketName": "my-bucket"}
        for mode in ({}, existing):
            with self.subTest(mode=mode or "NewBucket"):
                self.assertEqual(prefixes({**REQUIRED, **mode}), ["datacapture/"])
                self.assertEqual(prefixes({**REQUIRED, **mode, "GroundTruthPrefix": "gt/ep/"}), ["datacapture/", "gt/ep/"])
        rules = load(TEMPLATE)["Rules"]["DeadLetterOutsideCapture"]["Assertions"]
        self.assertIn("GroundTruthPrefix must differ from CapturePrefix", json.dumps(rules))
        self.assertIn("GroundTruthPrefix must differ from DeadLetterPrefix", json.dumps(rules))
        self.assertLintClean([{**REQUIRED, **existing, "GroundTruthPrefix": "gt/ep/"}])

    def test_a_vpc_needs_both_subnets_and_security_groups(self):
        source = load(TEMPLATE)
        rule = source["Rules"]["VpcNeedsBoth"]["Assertions"][0]["Assert"]
        resolver = Resolver(source, {**REQUIRED, "SubnetIds": SUBNETS})

        def holds(node):
            (function, argument), = node.items()
            if function == "Fn::Or":
                return any(holds(item) for item in argument)
            if function == "Fn::And":
                return all(holds(item) for item in argument)
            if function == "Fn::Not":
                return not holds(argument[0])
            if function == "Fn::Contains":
                values = resolver.value(argument[0]) or [""]
                return argument[1] in values
            raise AssertionError(function)

        self.assertFalse(holds(rule))
        resolver = Resolver(source, {**REQUIRED, "SubnetIds": SUBNETS, "SecurityGroupIds": GROUPS})
        self.assertTrue(holds(rule))
        resolver = Resolver(source, dict(REQUIRED))
        self.assertTrue(holds(rule))


def deployed(parameters):
    """The transformed template's resources, resolved for `parameters`: logical id → (type, properties)."""
    cloudformation = transformed(parameters)
    resolver = Resolver(cloudformation, parameters)
    return {
        name: (resource["Type"], resolver.value(resource.get("Properties", {})))
        for name, resource in cloudformation["Resources"].items()
    }


def tags(properties):
    """A resource's tags as a dict, from CloudFormation's list of Key/Value or SAM's map."""
    found = properties.get("Tags", {})
    return found if isinstance(found, dict) else {tag["Key"]: tag["Value"] for tag in found}


class OperationsTests(unittest.TestCase):
    # Resources whose names the template sets, with the property that holds the name.
    NAMED = {
        "AWS::Lambda::Function": "FunctionName",
        "AWS::SQS::Queue": "QueueName",
        "AWS::Logs::LogGroup": "LogGroupName",
        "AWS::CloudWatch::Alarm": "AlarmName",
    }
    ALARMS = {
        "FailedEventsAlarm": ("AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName"),
        "FunctionErrorsAlarm": ("AWS/Lambda", "Errors", "FunctionName"),
        "RejectedLinesAlarm": ("SageMakerCaptureToArthur", "RejectedLines", "FunctionName"),
        "FailedLinesAlarm": ("SageMakerCaptureToArthur", "FailedLines", "FunctionName"),
    }

    def test_stage_is_dev_or_prod(self):
        stage = load(TEMPLATE)["Parameters"]["Stage"]
        self.assertEqual(stage["AllowedValues"], ["dev", "prod"])
        self.assertEqual(stage["Default"], "dev")

    def test_dev_and_prod_stacks_side_by_side_in_one_account(self):
        # One stack name for both, the worst case: every name the template sets still differs, and holds the stage.
        names = {}
        for stage in ("dev", "prod"):
            resources = deployed({**REQUIRED, "Stage": stage})
            names[stage] = set()
            for logical, (kind, properties) in resources.items():
                if kind in self.NAMED:
                    name = properties[self.NAMED[kind]]
                    self.assertIn(stage, name, logical)
                    names[stage].add(name)
                if kind in ("AWS::Lambda::Function", "AWS::IAM::Role", "AWS::SQS::Queue", "AWS::Logs::LogGroup",
                            "AWS::S3::Bucket"):
                    self.assertEqual(tags(properties).get("Stage"), stage, logical)
        self.assertEqual(len(names["dev"]), 7)
        self.assertEqual(names["dev"] & names["prod"], set())

    def test_the_log_group_keeps_lines_for_the_retention_asked(self):
        for days in ("30", "7"):
            resources = deployed({**REQUIRED, "LogRetentionDays": days})
            _, group = resources["IngestLogGroup"]
            _, function = resources["IngestFunction"]
            self.assertEqual(str(group["RetentionInDays"]), days)
            self.assertEqual(function["LoggingConfig"], {"LogGroup": {"Ref": "IngestLogGroup"}})
            self.assertEqual(group["LogGroupName"], "/aws/lambda/" + function["FunctionName"])

    def test_alarms_watch_the_queue_the_function_and_its_metrics(self):
        for topic in ("", TOPIC):
            parameters = {**REQUIRED, "AlarmTopicArn": topic, "FailedLinesThreshold": "3"}
            resources = deployed(parameters)
            alarms = {name: properties for name, (kind, properties) in resources.items()
                      if kind == "AWS::CloudWatch::Alarm"}
            self.assertEqual(sorted(alarms), sorted(self.ALARMS))
            variables = resources["IngestFunction"][1]["Environment"]["Variables"]
            self.assertEqual(variables["METRICS_NAMESPACE"], "SageMakerCaptureToArthur")
            for name, (namespace, metric, dimension) in self.ALARMS.items():
                with self.subTest(alarm=name, topic=topic):
                    alarm = alarms[name]
                    self.assertEqual((alarm["Namespace"], alarm["MetricName"]), (namespace, metric))
                    self.assertEqual([item["Name"] for item in alarm["Dimensions"]], [dimension])
                    self.assertEqual(alarm["ComparisonOperator"], "GreaterThanThreshold")
                    self.assertEqual(alarm["TreatMissingData"], "notBreaching")
                    if topic:
                        self.assertEqual(alarm["AlarmActions"], [TOPIC])
                        self.assertEqual(alarm["OKActions"], [TOPIC])
                    else:
                        self.assertNotIn("AlarmActions", alarm)
                        self.assertNotIn("OKActions", alarm)
            self.assertEqual(alarms["FunctionErrorsAlarm"]["Dimensions"][0]["Value"], {"Ref": "IngestFunction"})
            self.assertEqual(alarms["FailedEventsAlarm"]["Dimensions"][0]["Value"],
                             {"Fn::GetAtt": ["FailedInvocations", "QueueName"]})
            self.assertEqual(str(alarms["FailedLinesAlarm"]["Threshold"]), "3")
            self.assertEqual(str(alarms["RejectedLinesAlarm"]["Threshold"]), "0")


if __name__ == "__main__":
    unittest.main()
