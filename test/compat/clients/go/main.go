// The compat scenario for the Go SDKs Debian packages: aws-sdk-go v1 and aws-sdk-go-v2, in one
// binary (one compile). Usage: compat-go v1|v2 <endpoint> <scenario.json> <name prefix>
// It prints one JSON line per check and a last line naming the client (COMPATIBILITY.md).
package main

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"sort"
	"strings"
	"time"
)

type attribute struct {
	DataType    string
	StringValue string
	BinaryValue string // base64 in the scenario file
}

type scenario struct {
	Body         string
	Attributes   map[string]attribute
	Batch        []string
	Fifo         []string
	Notification string
	Records      []string
	// Sts: the account of the key every program signs with, and the role (another account) it assumes.
	Sts struct{ Account, RoleArn, RoleAccount string }
}

type run struct {
	endpoint string
	prefix   string
	sc       scenario
	wire     map[string]string
	token    map[string]string // per service: where requests signed with a session put its token
	agents   map[string]string
	failed   map[string]bool
}

func main() {
	if len(os.Args) != 5 || (os.Args[1] != "v1" && os.Args[1] != "v2") {
		fmt.Fprintln(os.Stderr, "usage: compat-go v1|v2 <endpoint> <scenario.json> <name prefix>")
		os.Exit(2)
	}
	raw, err := os.ReadFile(os.Args[3])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	r := &run{endpoint: os.Args[2], prefix: os.Args[4], wire: map[string]string{}, token: map[string]string{}, agents: map[string]string{}, failed: map[string]bool{}}
	if err := json.Unmarshal(raw, &r.sc); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var client map[string]string
	if os.Args[1] == "v1" {
		client = runV1(r)
	} else {
		client = runV2(r)
	}
	out := map[string]interface{}{"client": map[string]interface{}{"sdk": client["sdk"], "version": client["version"], "wire": r.wire, "token": r.token}}
	line, _ := json.Marshal(out)
	fmt.Println(string(line))
}

// check runs one step and prints its result; a step whose prerequisite failed is reported as such.
func (r *run) check(name string, needs []string, step func() (string, error)) {
	r.runStep(name, needs, func() (string, map[string]interface{}, error) {
		detail, err := step()
		return detail, nil, err
	})
}

// checkGot runs a check the test judges (test/compat/sts.ts): the step returns what the SDK gave
// back, printed as "got".
func (r *run) checkGot(name string, needs []string, step func() (map[string]interface{}, error)) {
	r.runStep(name, needs, func() (string, map[string]interface{}, error) {
		got, err := step()
		return "", got, err
	})
}

func (r *run) runStep(name string, needs []string, step func() (string, map[string]interface{}, error)) {
	for _, n := range needs {
		if r.failed[n] {
			r.report(name, false, "not run: "+n+" failed")
			return
		}
	}
	detail, got, err := step()
	if err != nil {
		r.report(name, false, err.Error())
		return
	}
	line := map[string]interface{}{"check": name, "ok": true, "detail": detail}
	if got != nil {
		line["got"] = got
	}
	out, _ := json.Marshal(line)
	fmt.Println(string(out))
}

// sawToken records where the first request to a service signed with a session put its token: the
// X-Amz-Security-Token header or the query string (presigned). Both SDKs sign SQS, SNS and STS
// with SigV4, so no SigV2 body (SecurityToken) is looked for.
func (r *run) sawToken(service string, req *http.Request) {
	if _, seen := r.token[service]; seen {
		return
	}
	switch {
	case req.Header.Get("X-Amz-Security-Token") != "":
		r.token[service] = "header"
	case req.URL.Query().Get("X-Amz-Security-Token") != "":
		r.token[service] = "query string"
	}
}

// callerIdentity is what the STS checks report of GetCallerIdentity.
func callerIdentity(account, arn *string) map[string]interface{} {
	return map[string]interface{}{"Account": deref(account), "Arn": deref(arn)}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// assumed is what the STS checks report of AssumeRole: the key id, whether a secret and a token came, the session's ARN.
func assumed(key, secret, token, arn *string) map[string]interface{} {
	return map[string]interface{}{"AccessKeyId": deref(key), "SecretAccessKey": deref(secret) != "", "SessionToken": deref(token) != "", "AssumedRoleArn": deref(arn)}
}

func (r *run) report(name string, ok bool, detail string) {
	if !ok {
		r.failed[name] = true
	}
	line, _ := json.Marshal(map[string]interface{}{"check": name, "ok": ok, "detail": detail})
	fmt.Println(string(line))
}

// sawContentType records the Content-Type of the first request to each service: the wire protocol in use.
func (r *run) sawContentType(service, contentType string) {
	if _, seen := r.wire[service]; !seen {
		r.wire[service] = contentType
	}
}

func (r *run) sawUserAgent(service, agent string) {
	if _, seen := r.agents[service]; !seen {
		r.agents[service] = agent
	}
}

var apiModule = regexp.MustCompile(`api/(\w+)[#/](\S+)`)

// serviceModules lists the service module versions the User-Agents named, e.g. "sqs 1.19.12, …".
func (r *run) serviceModules() string {
	var parts []string
	for _, s := range []string{"sqs", "sns", "kinesis", "sts"} {
		if m := apiModule.FindStringSubmatch(r.agents[s]); m != nil {
			parts = append(parts, m[1]+" "+m[2])
		}
	}
	return strings.Join(parts, ", ")
}

func (r *run) name(suffix string) string { return r.prefix + "-" + suffix }

func unbase64(s string) []byte {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// md5OfAttributes is the digest SQS returns as MD5OfMessageAttributes, computed the way the Java
// SDK checks it (neither Go SDK does): names sorted; each name, type and value length-prefixed
// (4 bytes big-endian), with a transport byte before the value (1 string/number, 2 binary).
func md5OfAttributes(attrs map[string]attribute) string {
	names := make([]string, 0, len(attrs))
	for n := range attrs {
		names = append(names, n)
	}
	sort.Strings(names)
	h := md5.New()
	prefixed := func(b []byte) {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	for _, n := range names {
		a := attrs[n]
		prefixed([]byte(n))
		prefixed([]byte(a.DataType))
		if strings.HasPrefix(a.DataType, "Binary") {
			h.Write([]byte{2})
			prefixed(unbase64(a.BinaryValue))
		} else {
			h.Write([]byte{1})
			prefixed([]byte(a.StringValue))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// expectDigests compares the attribute digests the server sent back with our own computation.
func (r *run) expectDigests(sent, received string) error {
	want := md5OfAttributes(r.sc.Attributes)
	if sent != want {
		return fmt.Errorf("SendMessage MD5OfMessageAttributes %s, computed %s", sent, want)
	}
	if received != want {
		return fmt.Errorf("ReceiveMessage MD5OfMessageAttributes %s, computed %s", received, want)
	}
	return nil
}

// envelope checks the JSON an SNS → SQS subscription without raw delivery puts in the queue.
func (r *run) envelope(body, topicArn string) (string, error) {
	var env struct {
		Type, MessageId, TopicArn, Message, Timestamp, SignatureVersion, Signature, SigningCertURL, UnsubscribeURL string
		MessageAttributes                                                                                          map[string]struct{ Type, Value string }
	}
	if err := json.Unmarshal([]byte(body), &env); err != nil {
		return "", fmt.Errorf("envelope is not JSON: %v: %q", err, body)
	}
	if env.Type != "Notification" || env.TopicArn != topicArn || env.Message != r.sc.Notification {
		return "", fmt.Errorf("unexpected envelope %q", body)
	}
	if env.MessageId == "" || env.Signature == "" || env.SigningCertURL == "" || env.UnsubscribeURL == "" || env.Timestamp == "" {
		return "", fmt.Errorf("envelope lacks a field: %q", body)
	}
	if a := env.MessageAttributes["kind"]; a.Type != "String" || a.Value != "compat" {
		return "", fmt.Errorf("envelope attribute kind = %+v", a)
	}
	return "Type Notification, SignatureVersion " + env.SignatureVersion, nil
}

// poll retries fn (about 5 s in all) until it reports done.
func poll(fn func() (bool, error)) error {
	for i := 0; i < 50; i++ {
		done, err := fn()
		if err != nil || done {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("gave up waiting")
}

func sameBytes(got [][]byte, want []string) error {
	if len(got) != len(want) {
		return fmt.Errorf("got %d records, want %d", len(got), len(want))
	}
	for i := range want {
		if string(got[i]) != string(unbase64(want[i])) {
			return fmt.Errorf("record %d is %x, want %x", i, got[i], unbase64(want[i]))
		}
	}
	return nil
}
