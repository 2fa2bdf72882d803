"""The demo wiki of the Artificial Intelligence workspace, as data.

Written in the project's own words from the facts in DESIGN.md: the six AI topic areas, the
meetings and virtual rooms of 2018-2021, the cooperation with UNICRI and the Toolkit for
Responsible AI Innovation in Law Enforcement. The demo seed loads it; nothing here touches the
database.

Each page carries a short history (2-4 revisions by different members) so that the history,
diff and "what links here" views have something real to show. Bodies are assembled from
named sections, so a later revision visibly adds a section or rewords one. Toolkit pages are
edited only by administrators (the Toolkit is a curated product and its pages are protected).

Links: ``[[Title]]`` names a page by title, ``[[path|label]]`` by path. Every path target has a
slash or a hyphen, and every title target a capital or a space, so neither can be read as the
other. Pages come parents first; links may point to pages later in the list, and four point
on purpose to pages nobody has written (they show as "create this page"). A revision's time is
the page's start date plus its ``days_after_start``.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoRevision:
    author: str  #: e-mail of a demo account: wsadmin, moderator, member or admin @example.org
    summary: str  #: the edit summary shown in the history
    body: str  #: the page's full Markdown at this revision
    days_after_start: int  #: when it was saved, counted from the page's start date


@dataclass(frozen=True)
class DemoPage:
    section: str  #: "Topics", "Events", "Cooperation" or "Toolkit"
    path: str  #: slug path; a page's parent is the path minus its last segment
    title: str
    tags: tuple[str, ...]  #: free tags plus the lenses "threat", "tool" and "evidence"
    start: str  #: ISO date the page was created
    revisions: tuple[DemoRevision, ...]  #: oldest first
    protected: bool = False


WSADMIN = "wsadmin@example.org"
MODERATOR = "moderator@example.org"
MEMBER = "member@example.org"
ADMIN = "admin@example.org"


def _body(*parts: str) -> str:
    """One Markdown body from sections written as separate blocks."""
    return "\n\n".join(part.strip() for part in parts) + "\n"


# ---------------------------------------------------------------------------------------------
# Wiki home
# ---------------------------------------------------------------------------------------------

WIKI_HOME_BODY = _body(
    """
This wiki is where the Artificial Intelligence community keeps what it knows about AI in
policing. Its pages are short and practical, written by members from law enforcement,
academia, private industry and international organisations, for colleagues who need to
understand a technology quickly and use it well.
""",
    """
## Start here: the Toolkit

> **[[Toolkit for Responsible AI Innovation in Law Enforcement]]**
>
> Shared definitions, principles for trustworthy, lawful and responsible use, the roles of
> everyone involved, and recommendations for agencies that develop, buy or use AI. It comes
> with a [[toolkit/self-assessment|self-assessment questionnaire]] that an agency can use to
> check where it stands.
""",
    """
## The four sections

- **Topics**: [[AI topics for policing|six areas of AI]] that matter to police work, from
  [[Machine learning|machine learning]] to [[Smart robots|smart robots]].
- **Events**: [[Events and meetings|the meetings and virtual rooms]] that shaped this
  community's work: Global Meetings, Virtual Discussion Rooms (VDR) and Virtual Training
  Rooms (VTR).
- **Cooperation**: how INTERPOL and UNICRI [[unicri-cooperation|work together]] on AI for
  law enforcement.
- **Toolkit**: the curated guidance, in four parts:
  [[toolkit/definitions|technical definitions]], [[toolkit/principles|principles]],
  [[toolkit/audience|target audience and roles]] and
  [[toolkit/recommendations|recommendations]].
""",
    """
## Threat, tool and evidence

Following the approach of INTERPOL's Innovation Centre, every technology here is looked at in
three ways, and pages are tagged accordingly:

- **threat**: how criminals use it, or how it can be turned against the police;
- **tool**: how it helps officers, investigators and analysts do their work;
- **evidence**: what traces it leaves and how its output can stand up in court.

The tags on each page show which of these angles it covers.
""",
    """
## Taking part

Any member can create and edit pages outside the Toolkit; every change is kept in the page's
history, and any revision can be compared with another or restored. Toolkit pages are
protected: they are maintained by the workspace administrators, so please propose changes in
the forums. A link shown as "create this page" points to a page nobody has written yet; if
you know the subject, write it.
""",
)


# ---------------------------------------------------------------------------------------------
# Topics
# ---------------------------------------------------------------------------------------------

_TOPICS_INTRO_DRAFT = """
These pages introduce the areas of artificial intelligence that matter most to police work
today. Each one explains the technology and how police use it.
"""

_TOPICS_INTRO = """
These pages introduce the areas of artificial intelligence that matter most to police work
today. Each one explains the technology in plain terms, how police use it, where it goes
wrong, and how it can be a **threat**, a **tool** and a **source of evidence**, the three
lenses through which INTERPOL's Innovation Centre studies every new technology.
"""

_TOPICS_LIST = """
## The six topic areas

- [[Machine learning]]: systems that learn patterns from examples; the engine behind most of
  the others.
- [[Computer vision and image processing]]: making sense of photographs and video.
- [[Audio and video forensics]]: examining recordings so they can be trusted in an
  investigation and in court.
- [[Speech recognition]]: turning speech into text, and telling speakers and languages apart.
- [[Natural language processing]]: reading, sorting and translating text at scale.
- [[Smart robots]]: drones and other machines that sense, decide and act in the physical
  world.
"""

_TOPICS_LENSES = """
## At a glance

| Topic | As a threat | As a tool | As evidence |
|---|---|---|---|
| [[Machine learning]] | automated fraud, poisoned models | triage, anomaly detection | leads |
| [[Computer vision and image processing]] | evasion, surveillance | image triage | matches |
| [[Audio and video forensics]] | deepfakes | enhancement, review | authenticity |
| [[Speech recognition]] | voice cloning | transcription | transcripts |
| [[Natural language processing]] | scams at scale | translation, triage | authorship |
| [[Smart robots]] | drones misused | bomb disposal, search | flight logs |
"""

_TOPICS_TOOLKIT = """
## Before you use these tools

Before any of these technologies is used in an operation, read the
[[toolkit/principles|principles for responsible use]] in the
[[Toolkit for Responsible AI Innovation in Law Enforcement|Toolkit]], and check the system
with the [[toolkit/self-assessment|self-assessment questionnaire]].
"""

# Machine learning ----------------------------------------------------------------------------

_ML_INTRO_DRAFT = """
Machine learning (ML) is the part of AI in which a computer learns patterns from examples
instead of following rules written by a programmer. Most AI tools offered to police are
built on it.
"""

_ML_INTRO = """
Machine learning (ML) is the branch of AI in which a system learns patterns from examples
rather than following rules that a programmer wrote out by hand. Nearly every AI product now
offered to police, from image classifiers to machine translation, rests on it, so it is worth
understanding even for readers who will never build a model.
"""

_ML_WHAT = """
## What it is

An ML system has three ingredients: **data** to learn from, a **learning method**, and the
**model** that results. Once trained, the model is applied to new cases it has never seen.

### The main families

- **Supervised learning**: the model learns from labelled examples (for instance, messages
  already marked as fraudulent or genuine) and predicts the label of new ones.
- **Unsupervised learning**: there are no labels; the model groups similar items or flags
  unusual ones. It helps when you do not yet know what you are looking for.
- **Reinforcement learning**: the system learns by trial and error towards a reward. It is
  rare in policing and more common in robotics.
- **Deep learning**: learning with many-layered neural networks. It powers modern vision,
  speech and language systems, needs large amounts of data and computing power, and is
  harder to explain than simpler methods.

### How to read a performance figure

A single "accuracy" figure rarely tells the whole story. Ask for **precision** (of the items
the system flagged, how many were really relevant?) and **recall** (of the relevant items,
how many did it find?). Raising one usually lowers the other, and the threshold that sets the
balance is an operational decision, not only a technical one.
"""

_ML_USE = """
## How police use it

- **Triage of seized material**: sorting very large collections of files from devices so that
  investigators review the likely relevant ones first.
- **Financial crime**: spotting unusual transactions, linking accounts and prioritising
  reports of suspicious activity.
- **Cybercrime**: classifying malicious software, detecting intrusions, grouping phishing
  campaigns that share infrastructure.
- **Crime analysis**: linking cases with a similar modus operandi, finding duplicate records.
- **Planning**: forecasting demand on call centres and patrols.
- **Risk prediction about places or people**: the most contested use; see the risks below.
"""

_ML_RISKS = """
## Risks and limits

- **Biased data in, biased results out.** Police records show where police looked, not
  only where crime happened. A model trained on them can send officers back to the same
  places and people, producing new records that seem to confirm it.
- **Rare events.** When the thing sought is rare, even a good model produces many false
  alerts once it is applied to a large population.
- **Drift.** Offenders adapt and data changes. A model that worked last year can degrade
  without anyone noticing unless its performance is monitored.
- **Opacity.** Deep models are hard to explain, yet an officer must be able to say why they
  acted.
- **Automation bias.** People tend to trust a machine's output too much, especially under
  time pressure.
- **Data protection.** Training a model on personal data needs a legal basis and clear rules
  on purpose and retention.
"""

_ML_LENSES = """
## Threat, tool and evidence

**As a threat.** Offenders can use ML to select victims, tailor scams, guess passwords and
slip past fraud detection. A model used by police can itself be attacked: poisoned training
data or specially crafted inputs can make it fail in ways that are hard to see.

**As a tool.** Its value lies in handling volume, so that scarce experts spend their time on
the material that matters. It supports decisions; it does not make them.

**As a source of evidence.** A model's output is an investigative lead, not proof. If it
leads to evidence, the defence may ask how the system works, so keep a record of the model
version, its settings and thresholds, the data it was tested on and the human review of its
output. An offender's own ML system, such as an automated fraud tool, is evidence too: seize
the code, the models and the data.
"""

_ML_PRACTICE = """
## Questions to ask before adopting an ML tool

- What exactly will the model be used for, and what will a person decide on its output?
- What data was it trained on, and how similar is that data to ours?
- How was it tested, by whom, and what were precision and recall at the threshold we plan to
  use?
- How will we notice if its performance drops?
- Can we explain an individual result to a court, a victim or a suspect?
"""

_ML_SEE_ALSO = """
## See also

- In the Toolkit: [[Fairness and non-discrimination]], [[Transparency and explainability]],
  [[Human oversight]] and the [[toolkit/definitions|technical definitions]].
- [[events/vtr-1|VTR 1]] introduced these ideas for newcomers.
- Related topics: [[Computer vision and image processing]], [[Natural language processing]].
- Still to be written: [[Predictive policing]].
"""

# Computer vision and image processing --------------------------------------------------------

_CV_INTRO_DRAFT = """
Computer vision is the field of AI that lets computers interpret images and video. Image
processing covers the techniques that improve or transform images.
"""

_CV_INTRO = """
Computer vision is the field of AI that lets computers detect, recognise and track what
appears in images and video. Image processing covers the techniques that clean up, enhance
or transform images, and often comes first. Together they are behind some of the most useful
and most debated tools in policing.
"""

_CV_WHAT = """
## What it is

Most modern systems are trained on large collections of labelled images (see
[[Machine learning]]). The common tasks are:

- **Classification**: what does this image show (a weapon, a document, a vehicle)?
- **Object detection and tracking**: where in the frame is each object, and where does it
  go next?
- **Recognition**: is this the same face, vehicle or tattoo as in another image? For faces,
  *verification* compares one image with one claimed identity (one-to-one), while
  *identification* searches one image against a whole gallery (one-to-many).
- **Reading text in images**: number plates, signs, documents.
- **Similarity search**: finding near-duplicates of a picture in a large collection, even
  after cropping or recompression.
"""

_CV_USE = """
## How police use it

- **Triage of seized images and video**, above all in child sexual abuse investigations,
  where classifiers and similarity search reduce the volume of material that officers have
  to view and help them focus on identifying victims.
- **Reviewing CCTV** from many cameras to find a person, a vehicle or an event in hours of
  footage.
- **Automatic number plate recognition** on roads and at borders.
- **Facial recognition** to generate leads from a still image of an unknown suspect, or to
  verify identity at a border.
- **Aerial imagery** from drones for searches, crime scene mapping and public order.
"""

_CV_RISKS = """
## Risks and limits

- **Uneven performance.** Recognition systems can be less accurate for some demographic
  groups, and for poor images: low light, odd angles, low resolution. Test on images like the
  ones you will actually use.
- **Watchlists and galleries.** The fairness of a one-to-many search depends as much on who
  is in the gallery, and why, as on the algorithm.
- **Surveillance and trust.** Live recognition in public spaces touches privacy, freedom of
  assembly and expression; many jurisdictions restrict it or require specific authorisation.
- **Function creep.** A system bought for one purpose is quietly used for another.
"""

_CV_LENSES = """
## Threat, tool and evidence

**As a threat.** Offenders can defeat recognition with disguises or printed patterns designed
to confuse a model, produce synthetic images and forged documents, or use vision systems for
their own surveillance of targets or officers.

**As a tool.** Computer vision takes the drudgery out of looking: it finds the few relevant
frames in thousands of hours of video and spares officers needless exposure to harmful
images.

**As a source of evidence.** A recognition "match" is a lead to be checked by a trained human
examiner and by other evidence, never an identification on its own. Keep the original images,
record every processing step and the software version used, and be ready to explain in court
how the result was reached.
"""

_CV_PRACTICE = """
## Good practice

- Treat recognition results as leads, to be confirmed by a trained examiner.
- Keep watchlists narrow, lawful and up to date, and remove people once the reason for
  including them has ended.
- Test on images from your own cameras, and test again after every update.
- Record every search: who ran it, why, against which gallery, and with what result.
"""

_CV_SEE_ALSO = """
## See also

- [[Audio and video forensics]] for authenticating and enhancing footage.
- In the Toolkit: [[Fairness and non-discrimination]], [[Privacy and data protection]],
  [[Lawfulness]].
- [[events/vdr-1|VDR 1]] on use cases for the Toolkit.
- Still to be written: [[Facial recognition]], a page of its own.
"""

# Audio and video forensics -------------------------------------------------------------------

_AV_INTRO_DRAFT = """
Audio and video forensics is the scientific examination of recordings for use in an
investigation. AI now helps with several of its tasks.
"""

_AV_INTRO = """
Audio and video forensics is the scientific examination of recordings so that they can be
relied on in an investigation and in court: what they show, whether they are authentic, and
what can honestly be recovered from them. AI has changed the field twice over. It gives
examiners powerful new tools, and it lets anyone fabricate convincing recordings.
"""

_AV_WHAT = """
## What it covers

- **Enhancement**: reducing noise, stabilising shaky footage, clarifying speech.
- **Authentication**: checking that a recording is what it claims to be, from its file
  structure, metadata and encoding history, its continuity, and traces such as the hum of the
  electrical network.
- **Content analysis**: finding events, people, objects or words in long recordings.
- **Speaker and source comparison**: whether two recordings share a speaker, a device or a
  location.
- **Synthetic media detection**: spotting recordings that were generated or altered by AI,
  often called deepfakes.
"""

_AV_USE = """
## How police use it

Recordings now arrive in almost every case: CCTV, body-worn cameras, dashboard cameras,
mobile phones, voice messages and videos posted online. AI-based tools help investigators:

- search long recordings for the moments that matter;
- synchronise footage of one incident from several sources into a single timeline;
- redact faces and number plates of bystanders before footage is disclosed or published;
- flag recordings that may have been manipulated, for an expert to examine.
"""

_AV_RISKS = """
## Risks and limits

- **Enhancement is not recovery.** AI tools that sharpen or enlarge an image can invent
  plausible detail that was never recorded. Such output may help an investigator, but it
  must not be presented as what the camera saw.
- **Detection is an arms race.** A detector of synthetic media works against the generators
  it was trained on and may miss new ones. A negative result does not prove a recording is
  genuine.
- **Doubt about real evidence.** Once fakes are common, genuine recordings can be dismissed
  as fakes. Sound authentication work is the answer.
"""

_AV_LENSES = """
## Threat, tool and evidence

**As a threat.** Synthetic voices and faces are used to impersonate executives or relatives
in fraud, to extort victims with fabricated intimate images, to spread disinformation and to
manufacture false evidence.

**As a tool.** Searching, synchronising and redacting recordings with AI saves many hours of
manual review, and the saved time can go into careful examination.

**As a source of evidence.** Work on the original or a verified copy, keep a hash of every
file, and log each processing step with its settings and software version so that another
examiner could repeat it. Keep the enhanced version separate from the original and say which
one is being shown. See [[Speech recognition]] for transcripts of recorded speech.
"""

_AV_PRACTICE = """
## Good practice

- Secure the best available original as early as possible, before systems overwrite it.
- Record hash values and the chain of custody from the moment of seizure.
- Use validated tools and methods; where a tool's method is not known, say so in the report.
- Have suspected synthetic media assessed by a specialist, not by one automatic detector.
"""

_AV_SEE_ALSO = """
## See also

- [[Computer vision and image processing]] and [[Speech recognition]], whose techniques this
  field borrows.
- In the Toolkit: [[Transparency and explainability]], [[Safety and robustness]].
- Still to be written: [[Deepfake detection]].
"""

# Speech recognition --------------------------------------------------------------------------

_SR_INTRO_DRAFT = """
Speech recognition is technology that converts spoken words into text.
"""

_SR_INTRO = """
Speech recognition turns spoken language into text. Around it sit related technologies that
matter just as much to police: recognising *who* is speaking, *which language* is spoken,
and *when* each person speaks in a conversation.
"""

_SR_WHAT = """
## What it is

| Technology | Question it answers |
|---|---|
| Automatic speech recognition | What was said? |
| Speaker recognition | Is this the same speaker as in another recording? |
| Language identification | Which language or dialect is this? |
| Speaker diarisation | Who spoke when? |
| Keyword spotting | Where in these recordings is this word said? |

Modern systems are trained with [[Machine learning]] on many hours of recorded speech. They
work best on clear audio in widely spoken languages and standard accents; they struggle with
noise, overlapping speakers, slang, code words and languages with little training data.
"""

_SR_USE = """
## How police use it

- **Transcribing interviews and statements**, saving officers and typists many hours; the
  transcript is then checked against the recording.
- **Emergency and non-emergency calls**: transcribing and routing calls, and helping call
  handlers with callers who speak another language.
- **Body-worn camera audio**: making hours of footage searchable.
- **Lawful interception and seized voice messages**: finding the relevant parts of large
  volumes of audio, within the legal authority that allowed them to be collected.
"""

_SR_RISKS = """
## Risks and limits

- **Errors are uneven.** Error rates are higher for some accents, dialects, ages and for
  speakers of less common languages, which can disadvantage the very people least able to
  challenge a transcript.
- **A wrong word can change meaning.** "Can" heard as "can't" reverses a statement.
- **Speaker recognition is probabilistic.** An automatic score is not an identification; it
  needs a qualified expert and a sound method before it goes anywhere near a court.
"""

_SR_LENSES = """
## Threat, tool and evidence

**As a threat.** The same progress that makes transcription cheap makes voices easy to clone.
Criminals use synthetic voices in telephone fraud and to defeat voice-based authentication;
a short sample of someone's recorded speech can be enough.

**As a tool.** Searchable audio is a large gain for investigations that are swamped with
recordings.

**As a source of evidence.** An automatic transcript is a working aid, not the evidence: the
recording is. Keep both, mark machine transcripts as such, and have key passages verified by
a person, or by a qualified interpreter for foreign languages.
"""

_SR_PRACTICE = """
## Good practice

- Keep the recording as the primary record, and label machine transcripts as such.
- Test the system on the accents and languages spoken in your area before relying on it.
- Use keyword search to find material, then listen to the passages it finds.
- Treat any request to identify a speaker by voice as forensic work for a qualified expert.
- Warn the public and businesses about fraud with cloned voices: prevention is part of the
  answer.
"""

_SR_SEE_ALSO = """
## See also

- [[Audio and video forensics]] and [[Natural language processing]].
- In the Toolkit: [[Fairness and non-discrimination]], [[Human oversight]].
"""

# Natural language processing -----------------------------------------------------------------

_NLP_INTRO_DRAFT = """
Natural language processing (NLP) is the field of AI that works with human language in
text form.
"""

_NLP_INTRO = """
Natural language processing (NLP) is the field of AI that lets computers work with human
language: classify it, extract facts from it, translate it, summarise it and generate it.
Police work runs on text (reports, statements, messages, documents, online posts), so NLP
touches almost every part of it.
"""

_NLP_WHAT = """
## What it is

- **Classification**: sorting texts by topic, urgency or type, such as separating threats
  from ordinary messages.
- **Entity extraction**: finding names, places, phone numbers, vehicles and amounts in free
  text and turning them into structured data.
- **Machine translation** between languages.
- **Search by meaning**: finding passages about a subject even when they use other words.
- **Summarisation** of long documents and conversations.
- **Text generation**: systems trained on very large amounts of text can now write fluent
  prose, answer questions and draft documents.
"""

_NLP_USE = """
## How police use it

- **Reviewing seized communications**: chats, e-mails and documents from devices, sorted and
  searched so that investigators read the relevant parts first.
- **Translation** of foreign-language material to decide quickly what needs a human
  translator.
- **Linking records**: extracting entities from reports so that the same person, phone or
  vehicle is recognised across cases.
- **Online investigations**: monitoring marketplaces and forums where illegal goods are
  sold, and detecting grooming of children in online conversations, within the law.
- **Handling public reports**: sorting tips and online crime reports so urgent ones are seen
  first.
"""

_NLP_RISKS = """
## Risks and limits

- **Language is local.** Slang, code words, mixed languages and dialects defeat models
  trained on formal text, and many languages have few good tools at all.
- **Context is everything.** A model can mistake a joke, a song lyric or a quotation for a
  threat, and miss a threat phrased politely.
- **Fluent is not true.** Text-generating systems can produce confident statements that are
  wrong. Nothing they write goes into a report or a file without being checked.
- **Bulk processing of private communications** raises questions of necessity and
  proportionality; the legal authority to collect is not always authority to analyse.
"""

_NLP_LENSES = """
## Threat, tool and evidence

**As a threat.** Generated text makes phishing e-mails, romance scams and fake reviews
cheaper to produce, better written and available in any language. It can also flood
platforms with disinformation and power chatbots that manipulate victims.

**As a tool.** NLP lets a small team cope with volumes of text that no team could read.

**As a source of evidence.** Translations that matter to a case must be confirmed by a
qualified translator. Authorship analysis can suggest who wrote a text, but it is a
specialist field with real limits and must be presented with care.
"""

_NLP_PRACTICE = """
## Good practice

- Keep the original text beside any translation or summary.
- Collect the slang and code words that analysts meet, share them, and use them to improve
  the tools.
- Record which model and version produced a translation, summary or classification.
- Set rules on which material may be sent to external language services, especially online
  ones.
"""

_NLP_SEE_ALSO = """
## See also

- [[Speech recognition]], which turns recorded speech into text that NLP can work on.
- In the Toolkit: [[Privacy and data protection]], [[Transparency and explainability]].
- [[events/vtr-2|VTR 2]] on law enforcement use of AI, with a grouping of uses.
"""

# Smart robots --------------------------------------------------------------------------------

_ROB_INTRO_DRAFT = """
Smart robots are machines that use AI to sense their surroundings and act in the physical
world. For police, the best known are drones.
"""

_ROB_INTRO = """
Smart robots are machines that use AI to sense their surroundings, decide and act in the
physical world with some degree of autonomy. For police the best-known examples are drones,
but the family also includes ground robots, underwater vehicles and increasingly automated
cars.
"""

_ROB_WHAT = """
## What it is

A robot combines sensors (cameras, lidar, microphones), software that interprets what the
sensors report (often [[Computer vision and image processing]]), and actuators that move it
or let it handle objects. What makes it "smart" is the degree of autonomy:

1. **Remote control**: a person steers every movement.
2. **Assisted**: the robot keeps its own balance, holds position or avoids obstacles.
3. **Supervised autonomy**: it carries out a task, such as following a search pattern, while
   a person watches and can take over.
4. **Full autonomy**: it acts without human input. This is rare in policing and raises the
   hardest questions.
"""

_ROB_USE = """
## How police use it

- **Bomb disposal and hazardous materials**: ground robots approach and handle suspicious
  objects so that officers do not have to.
- **Search and rescue**: drones with thermal cameras search large or dangerous areas for
  missing people.
- **Crime scenes and collisions**: aerial mapping and 3D models, made faster and with less
  disturbance to the scene.
- **Public order and major events**: an overview from the air, under strict rules.
- **Underwater searches** for bodies, weapons and evidence.
"""

_ROB_RISKS = """
## Risks and limits

- **Safety.** A robot that fails near people can hurt them; testing, maintenance and trained
  operators matter more than features.
- **Privacy.** Cameras in the air see over walls and into gardens; flights need a lawful
  purpose and limits on what is recorded and kept.
- **Force.** Arming robots, even with less-lethal means, is a line that demands public
  debate, law and the strongest human control.
- **Security.** Control links and software can be hacked or jammed.
"""

_ROB_LENSES = """
## Threat, tool and evidence

**As a threat.** Drones are used to smuggle drugs and phones into prisons, to carry
contraband across borders, to watch police operations and to disrupt airports; they could
carry explosives. Automated vehicles and robots can be hacked or misused.

**As a tool.** Robots keep officers out of harm's way and see what people cannot.

**As a source of evidence.** A seized drone, its controller and the paired phone hold flight
logs, positions, photographs and account data. Connected and automated vehicles record
positions, speeds and events that can help to reconstruct a collision or a journey.
"""

_ROB_PRACTICE = """
## Good practice

- Train operators, and follow aviation rules for drones like any other pilot.
- Publish a flight policy: purposes, who authorises a flight, how long footage is kept.
- Keep control software and firmware up to date and secure.
- Log every deployment, with its purpose and outcome.
- Use counter-drone measures only within the law: interfering with aircraft is strictly
  regulated.
"""

_ROB_SEE_ALSO = """
## See also

- In the Toolkit: [[Safety and robustness]], [[Human oversight]], [[Accountability]].
- Still to be written: [[Drone forensics]].
"""


# ---------------------------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------------------------

_EVENTS_INTRO_2018 = """
The AI community meets at Global Meetings organised by INTERPOL's Innovation Centre and
UNICRI's Centre for AI and Robotics. This page lists them in order; each has a page of its
own.
"""

_EVENTS_INTRO = """
The AI community has met regularly since 2018, first at Global Meetings organised by
INTERPOL's Innovation Centre and UNICRI's Centre for AI and Robotics, then, from 2021, in
virtual rooms whose records are kept in this workspace. This page lists them in order; each
has a page of its own. Related documents are in the document library.
"""

_EVENTS_MEETINGS_2018 = """
## Global Meetings and outreach

- **July 2018**: 1st INTERPOL–UNICRI Global Meeting on AI and Robotics for Law Enforcement,
  Singapore. See [[Global Meetings on AI for Law Enforcement]].
"""

_EVENTS_MEETINGS_2019 = """
## Global Meetings and outreach

- **July 2018**: 1st INTERPOL–UNICRI Global Meeting on AI and Robotics for Law Enforcement,
  Singapore. See [[Global Meetings on AI for Law Enforcement]].
- **April 2019**: high-level event at UN Headquarters, New York. See
  [[events/outreach-2019|the 2019 outreach events]].
- **July 2019**: 2nd Global Meeting, Singapore, at INTERPOL World.
- **September 2019**: panel at the Tallinn Digital Summit.
"""

_EVENTS_MEETINGS_2020 = """
## Global Meetings and outreach

- **July 2018**: 1st INTERPOL–UNICRI Global Meeting on AI and Robotics for Law Enforcement,
  Singapore. See [[Global Meetings on AI for Law Enforcement]].
- **April 2019**: high-level event at UN Headquarters, New York. See
  [[events/outreach-2019|the 2019 outreach events]].
- **July 2019**: 2nd Global Meeting, Singapore, at INTERPOL World.
- **September 2019**: panel at the Tallinn Digital Summit.
- **November 2020**: Pre-Meeting Workshop of AI experts, then the 3rd Global Meeting, held
  virtually.
"""

_EVENTS_ROOMS_ABOUT = """
## Virtual rooms

In 2021 the work continued online, in two formats:

- **Virtual Discussion Rooms (VDR)**: members discuss one question in depth. The VDRs fed
  directly into the drafting of the
  [[Toolkit for Responsible AI Innovation in Law Enforcement|Toolkit]].
- **Virtual Training Rooms (VTR)**: short training sessions that build a shared
  understanding of AI among members who do not work with it every day.
"""

_EVENTS_ROOMS_2021 = """
### 2021

- **4 March**: [[events/vdr-1|VDR 1]], use cases for the Toolkit.
- **9 June**: [[events/vdr-2|VDR 2]], principles for responsible use of AI.
- **24 June**: [[events/vtr-1|VTR 1]], introduction to AI for law enforcement.
- **15 July**: [[events/vtr-2|VTR 2]], law enforcement use of AI.
- **26 August**: [[events/vtr-3|VTR 3]], ethics of AI in policing and an overview of the
  Toolkit.
"""

_EVENTS_ROOMS_2021_FULL = """
### 2021

- **4 March**: [[events/vdr-1|VDR 1]], use cases for the Toolkit.
- **9 June**: [[events/vdr-2|VDR 2]], principles for responsible use of AI.
- **24 June**: [[events/vtr-1|VTR 1]], introduction to AI for law enforcement.
- **15 July**: [[events/vtr-2|VTR 2]], law enforcement use of AI.
- **26 August**: [[events/vtr-3|VTR 3]], ethics of AI in policing and an overview of the
  Toolkit.
- **17 November**: [[Human rights consultation on the Toolkit]], held virtually.
- **14 December**: [[events/vdr-3|VDR 3]], principles of policing and how they meet the
  principles for AI.
"""

# Global Meetings -----------------------------------------------------------------------------

_GM_INTRO = """
Since 2018, INTERPOL's Innovation Centre and UNICRI's Centre for AI and Robotics have brought
police, researchers, industry and international organisations together at a series of Global
Meetings on artificial intelligence for law enforcement. Each meeting took stock of how AI is
changing both crime and policing, and each shaped the joint work that followed.
"""

_GM_FIRST = """
## 1st Global Meeting: July 2018, Singapore

The first INTERPOL–UNICRI Global Meeting on AI and Robotics for Law Enforcement looked at
where police were already using AI and robotics, which opportunities were within reach, and
which risks came with them. Its discussions informed the joint report *Artificial
Intelligence and Robotics for Law Enforcement*, published in 2019.
"""

_GM_SECOND = """
## 2nd Global Meeting: July 2019, Singapore

The second meeting was held in Singapore alongside INTERPOL World. With the first wave of
interest behind it, the conversation turned to how agencies can use AI *responsibly*: what
makes a use acceptable, who answers for it, and how to keep the public's trust. A second
joint report, on responsible AI innovation, followed in 2020.
"""

_GM_THIRD = """
## 3rd Global Meeting: November 2020, virtual

The third meeting took place online, like most international meetings that year. It was
preceded by a Pre-Meeting Workshop of AI experts. A few months later, the first Virtual
Discussion Room opened the work on the Toolkit.
"""

_GM_TOOLKIT = """
## From the meetings to the Toolkit

The Global Meetings set the direction; the detailed work then continued in virtual rooms,
recorded in this workspace.
[[events/vdr-1|VDR 1]] collected use cases, [[events/vdr-2|VDR 2]] discussed principles,
and the training rooms built a common vocabulary. The result is the
[[Toolkit for Responsible AI Innovation in Law Enforcement]]. For the partnership behind the
meetings, see [[unicri-cooperation|the INTERPOL–UNICRI cooperation]].
"""

# Outreach, 2019 ------------------------------------------------------------------------------

_OUT_INTRO = """
In 2019 the discussion on AI for law enforcement was taken beyond the police community, to
diplomats, policy makers and the wider public.
"""

_OUT_UN = """
## United Nations Headquarters, New York: April 2019

A high-level event, *AI and Robotics: Reshaping the Future of Crime, Terrorism and Security*,
put the subject before the international community at UN Headquarters. As its title says, it
was about change on both sides of the law: new ways for criminals and terrorists to cause
harm, and new means for those who protect security and justice. The questions had been
opened at the [[Global Meetings on AI for Law Enforcement|1st Global Meeting]] the year
before.
"""

_OUT_TALLINN = """
## Tallinn Digital Summit: September 2019

At the Tallinn Digital Summit in Estonia, a panel on *The Future of Law Enforcement and
Future Crimes* brought the subject to an audience of digital policy makers. Its title sums up
the double question this community keeps asking: how technology changes crime, and how it
changes the work of those who prevent and investigate it.
"""

_OUT_WHY = """
## Why it mattered

Taking the subject to these audiences recognised that the questions raised at the Global
Meetings are not only technical: they concern governments, lawmakers and society as a whole.
The same idea runs through the Toolkit, which speaks to
[[toolkit/audience|an audience well beyond the police]].
"""

# Shared by the VDR and VTR pages -------------------------------------------------------------


def _session_facts(date: str, room: str, theme: str) -> str:
    return f"""
- **Date:** {date}
- **Format:** {room} (virtual)
- **Theme:** {theme}
"""


# VDR 1 ---------------------------------------------------------------------------------------

_VDR1_FACTS = _session_facts(
    "4 March 2021", "Virtual Discussion Room", "use cases of AI in law enforcement for the Toolkit"
)

_VDR1_ABOUT = """
## About the session

The first Virtual Discussion Room opened the work on the Toolkit. Its aim was to collect
real and planned uses of AI in law enforcement, so that the guidance would answer the
questions agencies actually face rather than abstract ones.
"""

_VDR1_DISCUSSED = """
## Questions for each use case

The theme invites the same questions of every use of AI, real or planned:

- what problem it was meant to solve, and whether AI was the right answer to it;
- whether it is routine support, such as sorting data, or a use that affects people's rights
  directly, such as identifying a suspect;
- what helped and what got in the way: data, skills, procurement, public acceptance.

Use cases can come from any of the [[AI topics for policing|six topic areas]] of this wiki.
"""

_VDR1_TOOLKIT = """
## How it fed into the Toolkit

Use cases of this kind illustrate each principle in
[[toolkit/principles|Part II of the Toolkit]], where every principle opens with its use
cases, grouped by how strongly they affect individuals. Next session:
[[events/vdr-2|VDR 2]].
"""

# VDR 2 ---------------------------------------------------------------------------------------

_VDR2_FACTS = _session_facts(
    "9 June 2021", "Virtual Discussion Room", "principles for the responsible use of AI"
)

_VDR2_ABOUT = """
## About the session

After [[events/vdr-1|VDR 1]] gathered practice, the second room turned to principle: which
principles should govern the use of AI by police, and how to make them concrete enough to act
on.
"""

_VDR2_DISCUSSED = """
## Questions on the theme

- Many sets of AI ethics principles already exist. Which of them fit the particular powers
  and duties of the police, and what is missing?
- How does a principle such as fairness or transparency become a requirement that an agency
  can check, and show that it has met?
- Where do principles pull against each other? Openness towards the public can conflict with
  operational secrecy; more data can mean better accuracy and more intrusion.
"""

_VDR2_TOOLKIT = """
## How it fed into the Toolkit

The principles on this theme are set out in
[[toolkit/principles|Part II of the Toolkit]], where each is explained through use cases,
requirements and best practices. See, for example, [[Lawfulness]] and
[[Transparency and explainability]]. The relationship with the principles of policing was
taken up later in [[events/vdr-3|VDR 3]].
"""

# VDR 3 ---------------------------------------------------------------------------------------

_VDR3_FACTS = _session_facts(
    "14 December 2021",
    "Virtual Discussion Room",
    "principles of policing and their intersection with AI principles",
)

_VDR3_ABOUT = """
## About the session

The third room asked how the long-standing principles of policing relate to the newer
principles for AI. Do the AI principles mostly restate duties the police already have,
applied to a new kind of tool? And where does AI add something genuinely new, such as scale,
speed and opacity?
"""

_VDR3_MAPPING = """
## Principles side by side

One way to line them up, as used in the Toolkit:

| Principle of policing | Related Toolkit principle |
|---|---|
| Legality | [[Lawfulness]] |
| Necessity and proportionality | [[Lawfulness]], [[Privacy and data protection]] |
| Impartiality and non-discrimination | [[Fairness and non-discrimination]] |
| Answerability to the law and the public | [[Accountability]] |
| Policing with public trust | [[Transparency and explainability]] |
| Personal responsibility of the officer | [[Human oversight]] |
"""

_VDR3_TOOLKIT = """
## How it fed into the Toolkit

The comparison is reflected in the introduction to
[[toolkit/principles|Part II of the Toolkit]], which presents the AI principles as an
extension of principles that officers already know. The session followed the
[[Human rights consultation on the Toolkit|human rights consultation]] by a month, and the
two are reflected together in the Toolkit's principle pages.
"""

# VTR 1 ---------------------------------------------------------------------------------------

_VTR1_FACTS = _session_facts(
    "24 June 2021",
    "Virtual Training Room",
    "introduction to AI for law enforcement: definitions, history and milestones",
)

_VTR1_ABOUT = """
## About the session

The first Virtual Training Room was an introduction for members who do not work with AI
every day: what AI is and is not, where it comes from, and the words needed to discuss it.
"""

_VTR1_CONTENT = """
## The three themes in brief

A short summary for those who missed the session:

- **Definitions**: why there is no single agreed definition of AI; the difference between
  narrow systems built for one task and the general intelligence of science fiction; how
  [[Machine learning]] differs from rules written by hand.
- **History**: the naming of the field at a workshop at Dartmouth College in 1956, early
  systems built on hand-written rules, periods of disappointment known as "AI winters", and
  the return of learning from data.
- **Milestones**: the rapid progress of deep learning from the early 2010s in images, speech
  and language, made possible by large datasets and much more computing power.
"""

_VTR1_TOOLKIT = """
## How it fed into the Toolkit

[[toolkit/definitions|Part I of the Toolkit]] covers the same ground in writing: a working
definition of AI, the stages in the life of a system, and a glossary. Next:
[[events/vtr-2|VTR 2]].
"""

# VTR 2 ---------------------------------------------------------------------------------------

_VTR2_FACTS = _session_facts(
    "15 July 2021",
    "Virtual Training Room",
    "law enforcement use of AI: use cases and projects",
)

_VTR2_ABOUT = """
## About the session

The second training room moved from concepts to practice: how AI is used in law enforcement
and what it takes to run an AI project in a police organisation.
"""

_VTR2_CONTENT = """
## Uses of AI in police work

The session surveyed uses across police work. In this wiki we group them as follows:

| Group | Examples |
|---|---|
| Investigation support | triage of seized data, translation, image comparison |
| Analysis | linking cases, spotting unusual financial flows |
| Operations | drones for search and rescue, bomb disposal robots |
| Administration | transcription, scheduling, records management |
| Public contact | online reporting, routing of calls |

## Running a project

On the project side, the recurring points are: start from the problem rather than the
technology, secure lawful access to suitable data, measure performance honestly, and run a
pilot before committing.
"""

_VTR2_TOOLKIT = """
## How it fed into the Toolkit

The same lessons appear in the [[toolkit/recommendations|Toolkit's recommendations]];
the uses complement those collected in [[events/vdr-1|VDR 1]]. The topic pages, such as
[[Natural language processing]] and [[Smart robots]], give more detail. Next:
[[events/vtr-3|VTR 3]].
"""

# VTR 3 ---------------------------------------------------------------------------------------

_VTR3_FACTS = _session_facts(
    "26 August 2021",
    "Virtual Training Room",
    "ethics of AI in policing, and an overview of the Toolkit",
)

_VTR3_ABOUT = """
## About the session

The third training room took up the ethics of AI in policing, then gave an overview of the
Toolkit. The theme rests on an idea that runs through the Toolkit: lawful use of AI is
necessary but not sufficient, because police legitimacy also depends on using powerful tools
fairly, openly and under human control.
"""

_VTR3_CONTENT = """
## In brief

- **Ethics in practice**: bias in data and models, privacy and mass data collection, the
  risk of officers deferring to machines, and who answers when an AI-supported decision goes
  wrong.
- **Legitimacy**: why public trust matters all the more for tools the public cannot see, and
  why being allowed to use a tool is not the same as being right to use it.
- **The Toolkit's structure**: technical definitions, principles, target audience and roles,
  and recommendations, backed by a self-assessment questionnaire.
"""

_VTR3_TOOLKIT = """
## How it fed into the Toolkit

The four parts are in the
[[Toolkit for Responsible AI Innovation in Law Enforcement|Toolkit]] section, with the
[[toolkit/self-assessment|self-assessment questionnaire]] alongside. For the ethical
questions, see [[toolkit/principles|Part II]], in particular [[Human oversight]] and
[[Accountability]].
"""

# Human rights consultation -------------------------------------------------------------------

_HR_FACTS = _session_facts(
    "17 November 2021",
    "Consultation",
    "the draft Toolkit seen from the standpoint of human rights",
)

_HR_ABOUT = """
## About the consultation

Before the Toolkit was finalised, its draft was opened to a consultation focused on human
rights. Police use of AI touches many rights at once, and the Toolkit had to reflect
international human rights law as well as national law.
"""

_HR_RIGHTS = """
## Rights at stake

- the right to privacy and the protection of personal data;
- equality and freedom from discrimination;
- freedom of expression, of assembly and of association;
- the presumption of innocence and the right to a fair trial;
- the right to an effective remedy when things go wrong;
- the particular protection owed to children and to people in vulnerable situations.
"""

_HR_QUESTIONS = """
## Questions for a human rights review

- Does the draft make clear that human rights obligations apply throughout the life of an AI
  system, from design to retirement?
- Is the guidance concrete enough for an agency to act on?
- How should an agency assess the impact of a system on rights before deploying it?
- What can a person do who believes an AI-supported decision has wronged them?
"""

_HR_TOOLKIT = """
## How it fed into the Toolkit

In this wiki, the principle pages of [[toolkit/principles|Part II of the Toolkit]] were
revised after the consultation, in particular [[Lawfulness]], which now asks for a human
rights impact assessment, [[Fairness and non-discrimination]],
[[Privacy and data protection]] and [[Accountability]], which sets out the means of redress.
"""


# ---------------------------------------------------------------------------------------------
# Cooperation
# ---------------------------------------------------------------------------------------------

_COOP_INTRO = """
Since 2018, INTERPOL's Innovation Centre and the Centre for Artificial Intelligence and
Robotics of UNICRI, the United Nations Interregional Crime and Justice Research Institute,
have worked together on artificial intelligence for law enforcement. The aim is threefold:
help police understand AI, help them use it responsibly, and help them prepare for its
misuse by criminals.
"""

_COOP_PARTNERS = """
## The partners

- **INTERPOL's Innovation Centre**, part of the INTERPOL Global Complex for Innovation in
  Singapore, follows emerging technologies on behalf of police in INTERPOL's member
  countries. It studies each technology as a threat, a tool and a source of evidence, and
  connects police with researchers and industry.
- **UNICRI's Centre for Artificial Intelligence and Robotics**, based in The Hague, studies
  the benefits and risks of AI and robotics for crime prevention, criminal justice and
  security, with particular attention to human rights.

Together they combine a worldwide police network with the research mandate and the human
rights perspective of the United Nations.
"""

_COOP_MILESTONES_2018 = """
## Milestones

- **2018**: the 1st Global Meeting on AI and Robotics for Law Enforcement, in Singapore.
"""

_COOP_MILESTONES_2020 = """
## Milestones

- **2018**: the 1st Global Meeting on AI and Robotics for Law Enforcement, in Singapore.
- **2019**: the joint report *Artificial Intelligence and Robotics for Law Enforcement*; the
  2nd Global Meeting, at INTERPOL World in Singapore; the subject taken to a high-level event
  at UN Headquarters and to the Tallinn Digital Summit.
- **2020**: a second joint report, on responsible AI innovation; a Pre-Meeting Workshop of AI
  experts and the 3rd Global Meeting, both virtual.
"""

_COOP_MILESTONES_2021 = """
## Milestones

- **2018**: the [[Global Meetings on AI for Law Enforcement|1st Global Meeting]] on AI and
  Robotics for Law Enforcement, in Singapore.
- **2019**: the joint report *Artificial Intelligence and Robotics for Law Enforcement*; the
  2nd Global Meeting, at INTERPOL World in Singapore; the subject taken to UN Headquarters
  and to the Tallinn Digital Summit (see [[events/outreach-2019|the 2019 outreach events]]).
- **2020**: a second joint report, on responsible AI innovation; a Pre-Meeting Workshop of AI
  experts and the 3rd Global Meeting, both virtual.
- **2021**: Virtual Discussion Rooms and Virtual Training Rooms, recorded in this workspace; a
  [[Human rights consultation on the Toolkit|human rights consultation]], and the drafting of
  the Toolkit.
"""

_COOP_WORKSPACE = """
## In this workspace

This workspace is where the cooperation meets its community. The
[[Events and meetings|events pages]] record the meetings and virtual rooms; the forums carry
the discussion between them; the document library holds the reports. The main product of
the cooperation so far, the
[[Toolkit for Responsible AI Innovation in Law Enforcement]], is published here as a wiki
section that members can read and comment on.
"""


# ---------------------------------------------------------------------------------------------
# Toolkit: home
# ---------------------------------------------------------------------------------------------

_TK_PURPOSE = """
The Toolkit for Responsible AI Innovation in Law Enforcement helps police organisations gain
the benefits of artificial intelligence while respecting the law, human rights and the
ethics of policing. It is meant to be used: an agency that is planning, buying, building or
already running an AI system should find in it the vocabulary, principles, roles and steps
it needs.

## Why a toolkit

AI is reaching policing faster than guidance on how to use it. Agencies differ widely in
size, resources and experience, and many have no data scientists or ethicists of their own.
The Toolkit gathers what this community has learnt at the
[[Global Meetings on AI for Law Enforcement|Global Meetings]] and in the
[[Events and meetings|virtual rooms]] into a form any agency can apply to its own situation.
"""

_TK_STRUCTURE = """
## Structure

- **I. [[toolkit/definitions|Technical definitions of AI]]**: a shared vocabulary and a
  glossary.
- **II. [[toolkit/principles|Principles for trustworthy, lawful and responsible use]]**:
  each principle explained through use cases, requirements and best practices.
- **III. [[toolkit/audience|Target audience and stakeholder roles]]**: who is involved, and
  what each must do.
- **IV. [[toolkit/recommendations|Recommendations]]**: practical steps for agencies.

Alongside the four parts: a [[toolkit/self-assessment|self-assessment questionnaire]] with
which an agency checks how far it meets the principles, and a list of
[[toolkit/references|references]] to the research and frameworks behind the Toolkit.
"""

_TK_STATUS_DRAFT = """
## Status

This section is being drafted with the community. Parts will appear here as they are ready;
comments are welcome in the forums.
"""

_TK_HOW_TO_USE = """
## Where to start

| If you are | Start with |
|---|---|
| New to AI | [[I. Technical definitions of AI]] |
| Leading an agency | [[III. Target audience and stakeholder roles]] |
| Running an AI project | [[II. Principles for trustworthy, lawful and responsible use]] |
| Checking a system in use | [[Self-assessment questionnaire]] |
| Overseeing the police | [[IV. Recommendations for law enforcement agencies]] |
"""

_TK_STATUS = """
## About these pages

The Toolkit is a curated product: its pages are maintained by the workspace administrators
and protected from editing. To suggest a change, start a thread in the forums and link to the
page concerned. The Toolkit does not replace legal advice or national rules; where those are
stricter, they prevail.
"""

# Toolkit I: definitions ----------------------------------------------------------------------

_DEF_INTRO = """
People who discuss AI in policing often use the same words for different things. This part
of the Toolkit sets out the meanings used throughout it. The definitions are working
definitions for practitioners, not legal ones.
"""

_DEF_AI = """
## What we mean by AI

There is no single agreed definition of artificial intelligence. In this Toolkit, an **AI
system** is a computer system that performs tasks which would normally need human
intelligence, such as recognising images, understanding language or making predictions, by
learning from data or by applying encoded knowledge, and that does so with some degree of
autonomy.

All AI in use today is *narrow*: built for a particular task, and often brittle outside it.
The general, human-like intelligence of films does not exist. Most current systems rely on
[[Machine learning]], so their behaviour depends on the data they learnt from.
"""

_DEF_LIFECYCLE = """
## The AI lifecycle

The principles apply at every stage in the life of a system:

1. **Planning**: identifying the need and deciding whether AI is the right answer.
2. **Design or procurement**: building the system or choosing a supplier.
3. **Data**: collecting, preparing and documenting the data to train and test it.
4. **Testing**: measuring performance in conditions like those of real use.
5. **Deployment**: putting it into service, with trained users.
6. **Monitoring**: checking that it still performs and is used as intended.
7. **Retirement**: withdrawing it, and dealing with its data and models.
"""

_TERM_ADVERSARIAL = """
- **Adversarial example**: an input deliberately altered, often invisibly to people, so that
  a model gets it wrong.
"""
_TERM_ALGORITHM = """
- **Algorithm**: a precise sequence of steps for solving a problem or performing a task.
"""
_TERM_AI = """
- **Artificial intelligence (AI)**: see the definition above.
"""
_TERM_AUTOMATION_BIAS = """
- **Automation bias**: the human tendency to accept a machine's output without enough
  scrutiny.
"""
_TERM_BIAS = """
- **Bias**: a systematic error. In AI it usually means results that are skewed for or against
  certain groups, often inherited from the training data.
"""
_TERM_BIOMETRICS = """
- **Biometric verification and identification**: comparing a body feature (face, voice,
  fingerprint) with one claimed identity (verification, one-to-one) or searching it against
  many (identification, one-to-many).
"""
_TERM_CLASSIFICATION = """
- **Classification**: assigning an item to one of a set of categories, such as "relevant" or
  "not relevant".
"""
_TERM_CV = """
- **Computer vision**: AI that interprets images and video. See
  [[Computer vision and image processing]].
"""
_TERM_DEEP_LEARNING = """
- **Deep learning**: machine learning with neural networks of many layers; powerful, data
  hungry and hard to explain.
"""
_TERM_DEEPFAKE = """
- **Deepfake (synthetic media)**: an image, video or audio recording generated or altered by
  AI to show something that did not happen.
"""
_TERM_DRIFT = """
- **Drift**: the decline of a model's performance as the world, or the data, moves away from
  what it was trained on.
"""
_TERM_EXPLAINABILITY = """
- **Explainability**: the degree to which people can understand why a system produced a
  particular output. See [[Transparency and explainability]].
"""
_TERM_ERRORS = """
- **False positive and false negative**: a false positive wrongly flags something (an
  innocent person, a harmless file); a false negative misses something that should have been
  flagged.
"""
_TERM_GENERATIVE = """
- **Generative AI**: systems that produce new text, images, audio or video resembling the
  material they were trained on.
"""
_TERM_HITL = """
- **Human in the loop**: a set-up in which a person must review and confirm each output
  before it has any effect. See [[Human oversight]].
"""
_TERM_ML = """
- **Machine learning**: methods by which systems learn patterns from data instead of
  following hand-written rules. See [[Machine learning]].
"""
_TERM_MODEL = """
- **Model**: the result of training: the learnt patterns that a system applies to new
  inputs.
"""
_TERM_NLP = """
- **Natural language processing (NLP)**: AI that works with human language. See
  [[Natural language processing]].
"""
_TERM_NEURAL_NETWORK = """
- **Neural network**: a model made of many simple connected units, arranged in layers, whose
  connection strengths are adjusted during training.
"""
_TERM_PRECISION = """
- **Precision and recall**: precision is the share of flagged items that are truly relevant;
  recall is the share of relevant items that were flagged.
"""
_TERM_TRAINING_DATA = """
- **Training, validation and test data**: the examples a model learns from, the examples
  used to tune it, and separate examples kept back to measure how well it performs.
"""

_GLOSSARY_FIRST = (
    _TERM_ALGORITHM,
    _TERM_AI,
    _TERM_BIAS,
    _TERM_BIOMETRICS,
    _TERM_CLASSIFICATION,
    _TERM_CV,
    _TERM_DEEP_LEARNING,
    _TERM_EXPLAINABILITY,
    _TERM_ERRORS,
    _TERM_ML,
    _TERM_MODEL,
    _TERM_NLP,
    _TERM_NEURAL_NETWORK,
    _TERM_TRAINING_DATA,
)

_GLOSSARY_FULL = (
    _TERM_ADVERSARIAL,
    _TERM_ALGORITHM,
    _TERM_AI,
    _TERM_AUTOMATION_BIAS,
    _TERM_BIAS,
    _TERM_BIOMETRICS,
    _TERM_CLASSIFICATION,
    _TERM_CV,
    _TERM_DEEP_LEARNING,
    _TERM_DEEPFAKE,
    _TERM_DRIFT,
    _TERM_EXPLAINABILITY,
    _TERM_ERRORS,
    _TERM_GENERATIVE,
    _TERM_HITL,
    _TERM_ML,
    _TERM_MODEL,
    _TERM_NLP,
    _TERM_NEURAL_NETWORK,
    _TERM_PRECISION,
    _TERM_TRAINING_DATA,
)


def _glossary(terms: tuple[str, ...]) -> str:
    return "## Glossary\n\n" + "\n".join(term.strip() for term in terms)


_DEF_SEE_ALSO = """
## See also

[[events/vtr-1|VTR 1]] introduced these terms with examples. The
[[AI topics for policing|topic pages]] explain each area of AI in more depth.
"""

# Toolkit II: principles ----------------------------------------------------------------------

_PR_INTRO = """
This part of the Toolkit sets out seven principles for the trustworthy, lawful and
responsible use of AI by law enforcement. They apply to every system, whether built in-house
or bought, and at every stage of its life, from the first idea to its retirement.
"""

_PR_TABLE = """
## The seven principles

| Principle | In one sentence |
|---|---|
| [[Lawfulness]] | Every use rests on law and is necessary and proportionate. |
| [[Fairness and non-discrimination]] | No one is treated worse because of who they are. |
| [[Transparency and explainability]] | Be open about systems and able to explain results. |
| [[Accountability]] | Someone always answers, and harm can be put right. |
| [[Human oversight]] | People decide; AI supports. |
| [[Safety and robustness]] | Systems work in real conditions and resist attack. |
| [[Privacy and data protection]] | Only the data needed, used lawfully and kept safe. |
"""

_PR_HOW = """
## How each principle is presented

Each principle has its own page in three parts:

- **Use cases**: situations drawn from police work where the principle is put to the test.
  Use cases were the theme of [[events/vdr-1|VDR 1]].
- **Requirements**: what an agency must have in place to meet the principle. The
  [[toolkit/self-assessment|self-assessment questionnaire]] asks about each of them.
- **Best practices**: what agencies that do this well tend to do beyond the minimum.
"""

_PR_POLICING = """
## Rooted in the principles of policing

The principles are not new duties invented for AI. Legality, necessity, proportionality,
impartiality and answerability have long guided police work; the AI principles apply them to
tools that work at great scale and speed and are sometimes hard to see into.
The page on [[events/vdr-3|VDR 3]] sets the two lists side by side.
"""

_PR_TENSIONS = """
## When principles pull apart

Principles can conflict. More data may improve accuracy but intrude further on privacy;
openness towards the public may conflict with operational secrecy. The Toolkit does not
settle such conflicts in advance: it asks agencies to recognise them, decide openly, record
the reasons and review the decision. For the rights at stake in such choices, see the page
on the [[Human rights consultation on the Toolkit]].
"""


def _principle(intro: str, use_cases: str, requirements: str, best_practices: str) -> str:
    return _body(
        intro,
        "## Use cases\n\n" + use_cases.strip(),
        "## Requirements\n\n" + requirements.strip(),
        "## Best practices\n\n" + best_practices.strip(),
    )


def _with_item(items: str, item: str) -> str:
    """A Markdown list with one more item at the end."""
    return items.strip() + "\n" + item.strip()


# Lawfulness

_LAW_INTRO = """
Every use of AI by the police must rest on a clear legal basis and respect both national law
and international human rights law. Lawfulness is the first test: a system that is accurate,
fair and well explained is still unacceptable if the law does not allow its use. Three
questions sit at its heart. Is there a legal basis? Is the use necessary for a legitimate
aim? Is the intrusion proportionate to that aim?
"""

_LAW_CASES = """
- A force wants to compare a still of an unknown suspect taken from CCTV against its custody
  images. Does the law allow custody images to be used this way, and for which offences?
- An investigation team wants to collect and analyse public social media posts at scale. Is
  "publicly available" enough, or does systematic collection need authorisation?
- A supplier offers a tool trained on images gathered from the internet without the consent
  of the people shown. Can the agency lawfully use it?
"""

_LAW_REQUIREMENTS = """
- A documented legal basis for each system and each purpose it serves, confirmed by legal
  advisers before procurement and again before deployment.
- An assessment of necessity and proportionality that considers less intrusive
  alternatives.
- Compliance with the rules on collecting, sharing and keeping data, and with the rules of
  evidence and disclosure in criminal proceedings.
- Contracts that hold suppliers to the same law, including on how their training data was
  obtained.
"""

_LAW_REQUIREMENT_RIGHTS = """
- An assessment of the system's impact on human rights before deployment, repeated whenever
  its use changes.
"""

_LAW_PRACTICES = """
- Involve legal advisers from the first idea, not at the end.
- Keep a register of the AI systems in use, with their legal basis and purpose.
- Review each system when the law, the case law or the way it is used changes.
- Where the law is silent on a new capability, do not take silence as permission: seek
  guidance from the legislator, the courts or an oversight body first.
"""

_LAW_RELATED = """
## Related

[[Privacy and data protection]] and [[Accountability]] build on this principle. Its link
with the principle of legality in policing is set out on the [[events/vdr-3|VDR 3]] page;
see also the [[Human rights consultation on the Toolkit|human rights consultation]]. For
examples of intrusive capabilities, see [[Computer vision and image processing]].
"""

# Fairness

_FAIR_INTRO = """
AI systems used by the police must not treat people worse because of who they are: their
ethnic origin, sex, age, religion, disability or where they live. Bias can enter through the
data, through the design of a model and through the way its results are used, so fairness
has to be checked at each of these points, before deployment and throughout use.
"""

_FAIR_CASES = """
- A tool estimates the risk that a victim of domestic abuse will be harmed again, to
  prioritise support. Does it perform equally well for all groups of victims?
- A face recognition system proves less accurate for some groups in testing. Which error
  rates are acceptable, and what safeguards follow?
- A model that plans burglary patrols learns from past crime reports. Could it keep sending
  officers to the neighbourhoods that were patrolled most in the past?
"""

_FAIR_REQUIREMENTS = """
- Examine training and input data for gaps and historical bias before use.
- Measure performance separately for the groups a system affects, and decide in advance
  which differences are acceptable.
- Avoid variables that stand in for protected characteristics, such as a postcode standing in
  for ethnic origin, unless their use is justified and tested.
- Monitor outcomes after deployment, not only during testing.
"""

_FAIR_REQUIREMENT_REVIEW = """
- A way for people affected to raise concerns and obtain a review of the outcome.
"""

_FAIR_PRACTICES = """
- Build teams with varied backgrounds, and consult the communities most affected.
- Have performance tested independently where the stakes are high.
- Publish summaries of fairness tests where this does not harm operations.
- Do not deploy a system whose fairness cannot be measured.
"""

_FAIR_RELATED = """
## Related

See [[Machine learning]] on biased data, and [[Computer vision and image processing]] on
uneven recognition performance. Redress is covered under [[Accountability]].
"""

# Transparency and explainability

_TRANS_INTRO = """
Transparency means being open about which AI systems an agency uses, for what purposes and
under which rules. Explainability means that the people who use a system, and the people
affected by it, can understand how it reached a given result, in terms that suit them. An
officer who acts on an AI output must be able to say why; a court may ask.
"""

_TRANS_CASES = """
- A tool ranks open fraud cases by their chance of being solved. A victim asks why their
  case was not pursued.
- Defence counsel asks how a recognition match was produced and how reliable it is.
- Residents ask whether the city's cameras use facial recognition.
"""

_TRANS_REQUIREMENTS = """
- Documentation for each system: purpose, data used, performance, known limits and version
  history.
- Explanations for users that show the main factors behind an output and how confident it
  is.
- Procedures for disclosure in criminal proceedings, agreed with prosecutors.
- Public information on the systems in use and their purposes; exceptions are justified by
  operational need, not convenience.
"""

_TRANS_REQUIREMENT_PUBLIC = """
- Plain-language information for people affected, telling them how to ask questions or
  complain.
"""

_TRANS_PRACTICES = """
- Make explainability a criterion when choosing a supplier.
- Where a simpler model performs nearly as well as an opaque one, choose the simpler model.
- Publish a register of the systems in use.
- Test explanations with the officers who will rely on them.
"""

_TRANS_RELATED = """
## Related

Closely tied to [[Accountability]] and [[Human oversight]]. On evidence in court, see
[[Audio and video forensics]].
"""

# Accountability

_ACC_INTRO = """
Someone must always answer for an AI system and for what is done with its results.
Accountability means clear responsibility inside the agency, records from which decisions can
be reconstructed, oversight from outside, and remedies for people who are harmed.
"""

_ACC_CASES = """
- An automated alert leads to the wrong person being stopped. Who reviews what happened,
  and who puts it right?
- A supplier updates its model without telling the agency, and the results change.
- Several agencies share a system that one of them runs. Who is responsible for its errors?
- A tool used in many past investigations turns out to have a fault. Which cases relied on
  it, and must they be reviewed?
"""

_ACC_REQUIREMENTS = """
- A named senior owner for each system, responsible for its use throughout its life.
- Logs of use, inputs, outputs and human decisions, kept securely for a set period.
- A procedure to report, investigate and learn from incidents.
- Independent oversight by a body with the power to inspect.
- Contract terms that oblige suppliers to announce changes and to support audits.
"""

_ACC_REQUIREMENT_REMEDY = """
- Effective remedies for people who are harmed, including review of the decision and
  correction of records.
"""

_ACC_PRACTICES = """
- Consult an ethics board or committee, with external members, on new uses.
- Review each system after deployment, and act on the findings.
- Publish summaries of audits where possible.
- Record which cases relied on which version of a system, so that past cases can be found
  and reviewed if a fault comes to light.
"""

_ACC_RELATED = """
## Related

See [[Transparency and explainability]], and [[Lawfulness]] for the legal basis that
accountability presupposes. The page on [[events/vtr-3|VTR 3]] covers the ethics of AI in
policing more broadly.
"""

# Human oversight

_HUM_INTRO = """
AI supports police decisions; it does not make them. A person with the right training, time
and authority must be able to understand a system's output, question it, overrule it and,
where needed, stop the system. Oversight must be real: someone who approves every suggestion
without looking is not overseeing anything.

The degree of oversight varies with the stakes. With a *human in the loop*, a person confirms
each output before it has any effect; with a *human on the loop*, a person monitors the
system and can step in; *human in command* means people decide whether, when and how a
system is used at all.
"""

_HUM_CASES = """
- A live recognition alert at a major event: the officer on the ground decides whether to
  approach the person, and on what grounds.
- A triage tool hides files it scores as irrelevant; investigators must still be able to look
  at them.
- A ground robot in a bomb disposal operation moves with some autonomy; its operator must be
  able to take over at once.
"""

_HUM_REQUIREMENTS = """
- No decision with legal or similarly serious effects on a person rests solely on an
  automated output.
- Users are trained in what the system can and cannot do, and in automation bias.
- Interfaces show confidence and limits, and make overruling easy.
- The human decision, and the reasons for it, are recorded.
"""

_HUM_REQUIREMENT_STOP = """
- A system can be suspended quickly when it behaves unexpectedly.
"""

_HUM_PRACTICES = """
- Keep workloads realistic, so that reviews are not rushed.
- Track how often users disagree with the system: never and always are both warning signs.
- Audit samples of decisions, and rotate reviewers.
"""

_HUM_RELATED = """
## Related

See [[Smart robots]] on autonomy in machines and [[Speech recognition]] on checking machine
transcripts. The principle is linked to [[Accountability]].
"""

# Safety and robustness

_SAFE_INTRO = """
An AI system must work as intended in the real conditions of police work, resist attempts to
manipulate it, and fail in a safe and visible way. A system tested only in the laboratory, or
only on its supplier's data, has not been tested.
"""

_SAFE_CASES = """
- A model trained on clear daylight images is used on night-time CCTV.
- Offenders learn how a detection tool works and alter their material to slip past it.
- A drone loses its control link above a crowd.
- A supplier's update changes a model's behaviour overnight.
"""

_SAFE_REQUIREMENTS = """
- Testing on data and in conditions that match operational use, with the results
  documented.
- A security assessment of the system, its data and its supply chain.
- Monitoring of performance after deployment, to detect drift.
- Fallback procedures for when the system fails or is withdrawn.
"""

_SAFE_REQUIREMENT_WITHDRAW = """
- Clear criteria for withdrawing a system that no longer meets its performance standard.
"""

_SAFE_PRACTICES = """
- Pilot before full roll-out, and extend use in stages.
- Keep a reference test set and run it again after every update.
- Include adversarial testing, in which a team tries deliberately to make the system fail.
- Agree with suppliers how updates are tested before they reach live use.
- Plan the system's retirement from the start.
"""

_SAFE_RELATED = """
## Related

See [[Smart robots]] for physical safety and [[Machine learning]] for drift and attacks on
models. The [[toolkit/definitions|glossary]] explains adversarial examples.
"""

# Privacy and data protection

_PRIV_INTRO = """
AI runs on data, and much police data is personal and sensitive. Police use of AI must
respect the right to privacy and the rules on data protection: collect only what is needed,
use it only for the purposes allowed, keep it only as long as necessary, and protect it
well. Data protection law may allow exceptions for law enforcement, but never an absence of
rules.
"""

_PRIV_CASES = """
- A seized phone holds the messages of hundreds of people suspected of nothing, and an AI
  tool processes them all.
- An agency wants to train its own model on past case files.
- A supplier offers to process data in its cloud, in another country.
"""

_PRIV_REQUIREMENTS = """
- A data protection impact assessment before deployment.
- Purpose limitation: rules on which data may be used to train, test and run each system.
- Retention periods and deletion, including for data held by suppliers.
- Access controls, and logs of who used which data.
- Rules on where data is stored and when it may be transferred.
"""

_PRIV_REQUIREMENT_DPO = """
- Involvement of the data protection officer from the start of every project.
"""

_PRIV_PRACTICES = """
- Filter out data about people not relevant to the case as early as possible.
- Use anonymised, pseudonymised or synthetic data for development and testing where
  possible.
- Consider techniques that train models without pooling raw data in one place.
- Tell the public, in general terms, which data are used for what.
"""

_PRIV_RELATED = """
## Related

See [[Lawfulness]] for necessity and proportionality, and [[Natural language processing]]
on bulk analysis of communications.
"""

# Toolkit III: audience -----------------------------------------------------------------------

_AUD_INTRO = """
The Toolkit is written first for law enforcement agencies, of every size and at every stage
of experience with AI. But responsible AI depends on many people, inside and outside the
agency, and each has a part to play.
"""

_AUD_INSIDE = """
## Inside the agency

| Role | Main responsibilities |
|---|---|
| Leadership | sets direction, approves uses, answers to the public |
| Legal and compliance | legal basis, impact assessments, disclosure |
| Data protection officer | data protection assessment, advice, monitoring |
| Innovation or project team | runs the project and brings the others together |
| Technical staff | testing, monitoring, documentation |
| Procurement | supplier checks and contract terms |
| Operational users | use outputs with judgement, report problems |
| Training units | skills and awareness across the organisation |
"""

_AUD_OUTSIDE = """
## Outside the agency

- **Oversight bodies and legislators** set and enforce the rules, and need to understand the
  technology well enough to do so.
- **Prosecutors and courts** decide how AI-derived material is treated as evidence.
- **Suppliers** build and maintain systems, and should design for the principles from the
  start.
- **Researchers** test systems independently and study their effects.
- **Civil society and the public** are affected by police use of AI, and their trust is what
  makes it legitimate.
- **International organisations**, including INTERPOL and UNICRI, connect agencies, share
  practice and develop guidance such as this Toolkit.
"""

_AUD_LIFECYCLE = """
## Who leads at each stage

| Stage | Leads | Also involved |
|---|---|---|
| Identifying the need | leadership | operational users |
| Design or procurement | project team | legal, procurement, data protection |
| Testing | technical staff | operational users |
| Deployment | leadership | training units |
| Monitoring | system owner | oversight bodies |
| Retirement | system owner | technical staff, data protection |

The stages are described in [[toolkit/definitions|Part I]]. Responsibilities for each
principle are set out in [[toolkit/principles|Part II]], and in particular under
[[Accountability]].
"""

# Toolkit IV: recommendations -----------------------------------------------------------------

_REC_INTRO = """
These recommendations turn the [[toolkit/principles|principles]] into steps. They are
addressed to law enforcement agencies, but several concern their partners too.
"""

_REC_FIRST = """
### 1. Start from the problem, not the technology

Define the operational need first, and ask whether AI is the best answer to it. Sometimes
better data, a simpler tool or more staff would do more good.

### 2. Put governance in place before the first system

Name an owner for each system, keep a register of systems in use, and decide who approves
new uses and on what advice.

### 3. Assess before you commit

Carry out legal, human rights and data protection assessments before buying or building, and
use the [[toolkit/self-assessment|self-assessment questionnaire]] to find gaps.

### 4. Buy responsibly

Write the principles into contracts: access to documentation and test results, the right to
audit, notice of changes to models, control over data, and a way out.

### 5. Test in real conditions, and keep testing

Measure performance on data like your own before deployment, and monitor it for as long as
the system is in use.

### 6. Keep people in charge

Train users, give them time to review outputs, and make sure they can overrule and suspend
a system. See [[Human oversight]].

### 7. Build skills across the organisation

Every officer who relies on AI needs a basic understanding of it, not only the specialists.
The [[events/vtr-1|training rooms]] are one place to start.

### 8. Record, review and retire

Keep logs, learn from incidents, review each system regularly, and withdraw those that no
longer meet the standard.
"""

_REC_LATER = """
### 9. Be open with the public

Explain which systems are used and why, consult the communities most affected, and publish
what can safely be published.

### 10. Prepare for criminal use of AI

Look at each technology as a threat as well as a tool: train investigators to recognise
synthetic media, and share what is seen through international police channels. See
[[Audio and video forensics]].

### 11. Share what you learn

Successes and failures are both worth sharing with peers. This workspace exists for that.
"""

# References ----------------------------------------------------------------------------------

_REF_INTRO = """
The Toolkit draws on research and on frameworks developed by international organisations,
governments and standards bodies. The list below points to the main sources by title; copies
of several are in the document library.
"""

_REF_JOINT = """
## INTERPOL and UNICRI

- *Artificial Intelligence and Robotics for Law Enforcement*, the joint report of 2019, which
  drew on the [[Global Meetings on AI for Law Enforcement|1st Global Meeting]].
- The second joint report, published in 2020, on responsible AI innovation in law
  enforcement.
"""

_REF_RIGHTS = """
## International human rights law and policing standards

- The Universal Declaration of Human Rights (1948).
- The International Covenant on Civil and Political Rights (1966).
- The Convention on the Rights of the Child (1989).
- The United Nations Code of Conduct for Law Enforcement Officials (1979).
"""

_REF_FRAMEWORKS = """
## Frameworks for trustworthy AI

- The OECD Recommendation of the Council on Artificial Intelligence (2019).
- The Ethics Guidelines for Trustworthy AI of the European Commission's High-Level Expert
  Group on AI (2019).
- The European Ethical Charter on the use of AI in judicial systems, adopted by the Council
  of Europe's Commission for the Efficiency of Justice (2018).
"""

_REF_FRAMEWORKS_FULL = """
## Frameworks for trustworthy AI

- The OECD Recommendation of the Council on Artificial Intelligence (2019).
- The Ethics Guidelines for Trustworthy AI of the European Commission's High-Level Expert
  Group on AI (2019).
- The European Ethical Charter on the use of AI in judicial systems, adopted by the Council
  of Europe's Commission for the Efficiency of Justice (2018).
- The UNESCO Recommendation on the Ethics of Artificial Intelligence (2021).
"""

_REF_DATA = """
## Data protection and regulation

- The Council of Europe's data protection convention, known as Convention 108, and its
  modernised version of 2018.
- In the European Union, the General Data Protection Regulation and the directive on data
  protection in law enforcement, both of 2016.
- The European Commission's proposal for a regulation on artificial intelligence (2021).
"""

_REF_STANDARDS = """
## Standards and evaluation

- International standards on AI are developed by a joint committee of ISO and IEC
  (JTC 1/SC 42), covering terminology, risk management and quality.
- The US National Institute of Standards and Technology runs ongoing public evaluations of
  face recognition algorithms, useful when reading a supplier's accuracy claims.
"""

_REF_RESEARCH = """
## Research

Academic work relevant to the Toolkit includes studies of differences in the accuracy of
face analysis across demographic groups, of feedback loops in place-based crime prediction,
and of the detection of synthetic media. Members are encouraged to add key papers to the
document library and discuss them in the forums.

In this wiki: the [[Events and meetings|records of the meetings and virtual rooms]] and the
[[AI topics for policing|topic pages]].
"""

# Self-assessment -----------------------------------------------------------------------------

_SA_INTRO = """
The self-assessment questionnaire lets an agency check, for one AI system at a time, how far
it meets the [[toolkit/principles|principles]] of the Toolkit, and find the gaps it should
close. It can be used for a system that is only an idea, one being bought or built, or one
already in service.
"""

_SA_BUILT = """
## How it is built

- Questions are grouped by principle, and each points to a requirement in Part II.
- Questions are marked by stage of the lifecycle, so a team answers only those that apply
  now.
- Each question is answered *yes*, *partly*, *no* or *not applicable*, with a note of the
  evidence: the document, log or decision that shows it.
- The result is an overview, principle by principle, of strengths and gaps, with pointers to
  the best practices that would close them.
"""

_SA_EXAMPLES = """
## Examples of questions

| Principle | Example question |
|---|---|
| [[Lawfulness]] | Is there a documented legal basis for each purpose? |
| [[Fairness and non-discrimination]] | Is performance measured for each group affected? |
| [[Transparency and explainability]] | Can a user see why an output was produced? |
| [[Accountability]] | Is a named person responsible for the system? |
| [[Human oversight]] | Can a user overrule or suspend the system? |
| [[Safety and robustness]] | Was it tested on data like the operational data? |
| [[Privacy and data protection]] | Was a data protection impact assessment made? |
"""

_SA_STEPS = """
## How to use it

1. **Choose one system** and write down, in a few lines, what it is for.
2. **Bring a small team together**: the system owner, a legal adviser, the data protection
   officer, someone technical and someone who uses the system. The
   [[toolkit/audience|roles page]] explains who does what.
3. **Answer honestly.** "We don't know" is a finding, not a failure.
4. **Agree actions** for each gap, with an owner and a date.
5. **Repeat** at each new stage of the system's life, after significant changes, and at
   least once a year.

Smaller agencies can start with one system and a team of two or three; the value lies in
asking the questions.
"""

_SA_NOT = """
## What it is not

The questionnaire is not a certification, an audit or legal advice, and its results are not
meant for comparing agencies. They belong to the agency that produced them. An online
version of the questionnaire is being prepared for this section.
"""


# ---------------------------------------------------------------------------------------------
# The pages
# ---------------------------------------------------------------------------------------------

_TOPIC_PAGES: tuple[DemoPage, ...] = (
    DemoPage(
        section="Topics",
        path="topics",
        title="AI topics for policing",
        tags=("overview", "threat", "tool", "evidence"),
        start="2019-02-04",
        revisions=(
            DemoRevision(
                author=WSADMIN,
                summary="Create the Topics section",
                body=_body(_TOPICS_INTRO_DRAFT, _TOPICS_LIST),
                days_after_start=0,
            ),
            DemoRevision(
                author=MODERATOR,
                summary="Add an at-a-glance table: threat, tool and evidence",
                body=_body(_TOPICS_INTRO_DRAFT, _TOPICS_LIST, _TOPICS_LENSES),
                days_after_start=49,
            ),
            DemoRevision(
                author=MEMBER,
                summary="Explain the three lenses; point to the Toolkit before use",
                body=_body(_TOPICS_INTRO, _TOPICS_LIST, _TOPICS_LENSES, _TOPICS_TOOLKIT),
                days_after_start=959,
            ),
        ),
    ),
    DemoPage(
        section="Topics",
        path="topics/machine-learning",
        title="Machine learning",
        tags=("machine-learning", "data", "threat", "tool", "evidence"),
        start="2019-02-11",
        revisions=(
            DemoRevision(
                author=MEMBER,
                summary="First draft",
                body=_body(_ML_INTRO_DRAFT, _ML_WHAT, _ML_USE),
                days_after_start=0,
            ),
            DemoRevision(
                author=MODERATOR,
                summary="Add risks, and machine learning as threat, tool and evidence",
                body=_body(_ML_INTRO_DRAFT, _ML_WHAT, _ML_USE, _ML_RISKS, _ML_LENSES),
                days_after_start=21,
            ),
            DemoRevision(
                author=WSADMIN,
                summary="Expand the introduction; link to the Toolkit and VTR 1",
                body=_body(_ML_INTRO, _ML_WHAT, _ML_USE, _ML_RISKS, _ML_LENSES, _ML_SEE_ALSO),
                days_after_start=882,
            ),
            DemoRevision(
                author=ADMIN,
                summary="Add questions to ask before adopting a tool",
                body=_body(
                    _ML_INTRO,
                    _ML_WHAT,
                    _ML_USE,
                    _ML_RISKS,
                    _ML_LENSES,
                    _ML_PRACTICE,
                    _ML_SEE_ALSO,
                ),
                days_after_start=1106,
            ),
        ),
    ),
    DemoPage(
        section="Topics",
        path="topics/computer-vision-and-image-processing",
        title="Computer vision and image processing",
        tags=("computer-vision", "facial-recognition", "threat", "tool", "evidence"),
        start="2019-02-18",
        revisions=(
            DemoRevision(
                author=MODERATOR,
                summary="First draft: tasks and police uses",
                body=_body(_CV_INTRO_DRAFT, _CV_WHAT, _CV_USE),
                days_after_start=0,
            ),
            DemoRevision(
                author=MEMBER,
                summary="Add risks and the threat, tool and evidence view",
                body=_body(_CV_INTRO_DRAFT, _CV_WHAT, _CV_USE, _CV_RISKS, _CV_LENSES),
                days_after_start=49,
            ),
            DemoRevision(
                author=ADMIN,
                summary="Rewrite the introduction; add related pages",
                body=_body(_CV_INTRO, _CV_WHAT, _CV_USE, _CV_RISKS, _CV_LENSES, _CV_SEE_ALSO),
                days_after_start=882,
            ),
            DemoRevision(
                author=WSADMIN,
                summary="Add good practice for recognition searches",
                body=_body(
                    _CV_INTRO,
                    _CV_WHAT,
                    _CV_USE,
                    _CV_RISKS,
                    _CV_LENSES,
                    _CV_PRACTICE,
                    _CV_SEE_ALSO,
                ),
                days_after_start=1113,
            ),
        ),
    ),
    DemoPage(
        section="Topics",
        path="topics/audio-and-video-forensics",
        title="Audio and video forensics",
        tags=("forensics", "deepfakes", "threat", "tool", "evidence"),
        start="2019-03-04",
        revisions=(
            DemoRevision(
                author=WSADMIN,
                summary="First draft",
                body=_body(_AV_INTRO_DRAFT, _AV_WHAT, _AV_USE),
                days_after_start=0,
            ),
            DemoRevision(
                author=MEMBER,
                summary="Add a warning on AI enhancement, and the three lenses",
                body=_body(_AV_INTRO_DRAFT, _AV_WHAT, _AV_USE, _AV_RISKS, _AV_LENSES),
                days_after_start=70,
            ),
            DemoRevision(
                author=MODERATOR,
                summary="Explain why AI cuts both ways; add See also",
                body=_body(_AV_INTRO, _AV_WHAT, _AV_USE, _AV_RISKS, _AV_LENSES, _AV_SEE_ALSO),
                days_after_start=875,
            ),
            DemoRevision(
                author=ADMIN,
                summary="Add good practice on originals and chain of custody",
                body=_body(
                    _AV_INTRO,
                    _AV_WHAT,
                    _AV_USE,
                    _AV_RISKS,
                    _AV_LENSES,
                    _AV_PRACTICE,
                    _AV_SEE_ALSO,
                ),
                days_after_start=1113,
            ),
        ),
    ),
    DemoPage(
        section="Topics",
        path="topics/speech-recognition",
        title="Speech recognition",
        tags=("speech", "audio", "threat", "tool", "evidence"),
        start="2019-04-01",
        revisions=(
            DemoRevision(
                author=MODERATOR,
                summary="First draft with the related technologies",
                body=_body(_SR_INTRO_DRAFT, _SR_WHAT, _SR_USE),
                days_after_start=0,
            ),
            DemoRevision(
                author=WSADMIN,
                summary="Add risks, voice cloning and evidence",
                body=_body(_SR_INTRO_DRAFT, _SR_WHAT, _SR_USE, _SR_RISKS, _SR_LENSES),
                days_after_start=63,
            ),
            DemoRevision(
                author=MEMBER,
                summary="Broaden the introduction; link to related topics",
                body=_body(_SR_INTRO, _SR_WHAT, _SR_USE, _SR_RISKS, _SR_LENSES, _SR_SEE_ALSO),
                days_after_start=854,
            ),
            DemoRevision(
                author=ADMIN,
                summary="Add good practice, including fraud prevention",
                body=_body(
                    _SR_INTRO,
                    _SR_WHAT,
                    _SR_USE,
                    _SR_RISKS,
                    _SR_LENSES,
                    _SR_PRACTICE,
                    _SR_SEE_ALSO,
                ),
                days_after_start=1099,
            ),
        ),
    ),
    DemoPage(
        section="Topics",
        path="topics/natural-language-processing",
        title="Natural language processing",
        tags=("language", "translation", "threat", "tool", "evidence"),
        start="2019-04-15",
        revisions=(
            DemoRevision(
                author=MEMBER,
                summary="First draft",
                body=_body(_NLP_INTRO_DRAFT, _NLP_WHAT, _NLP_USE),
                days_after_start=0,
            ),
            DemoRevision(
                author=ADMIN,
                summary="Add risks and the threat, tool and evidence view",
                body=_body(_NLP_INTRO_DRAFT, _NLP_WHAT, _NLP_USE, _NLP_RISKS, _NLP_LENSES),
                days_after_start=63,
            ),
            DemoRevision(
                author=MODERATOR,
                summary="Expand the introduction; link to VTR 2 and the Toolkit",
                body=_body(_NLP_INTRO, _NLP_WHAT, _NLP_USE, _NLP_RISKS, _NLP_LENSES, _NLP_SEE_ALSO),
                days_after_start=847,
            ),
            DemoRevision(
                author=WSADMIN,
                summary="Add good practice for translations and code words",
                body=_body(
                    _NLP_INTRO,
                    _NLP_WHAT,
                    _NLP_USE,
                    _NLP_RISKS,
                    _NLP_LENSES,
                    _NLP_PRACTICE,
                    _NLP_SEE_ALSO,
                ),
                days_after_start=1100,
            ),
        ),
    ),
    DemoPage(
        section="Topics",
        path="topics/smart-robots",
        title="Smart robots",
        tags=("robotics", "drones", "threat", "tool", "evidence"),
        start="2019-05-06",
        revisions=(
            DemoRevision(
                author=ADMIN,
                summary="First draft: levels of autonomy and police uses",
                body=_body(_ROB_INTRO_DRAFT, _ROB_WHAT, _ROB_USE),
                days_after_start=0,
            ),
            DemoRevision(
                author=MODERATOR,
                summary="Add risks, drones as a threat, and evidence",
                body=_body(_ROB_INTRO_DRAFT, _ROB_WHAT, _ROB_USE, _ROB_RISKS, _ROB_LENSES),
                days_after_start=56,
            ),
            DemoRevision(
                author=WSADMIN,
                summary="Widen the introduction beyond drones; add links",
                body=_body(_ROB_INTRO, _ROB_WHAT, _ROB_USE, _ROB_RISKS, _ROB_LENSES, _ROB_SEE_ALSO),
                days_after_start=833,
            ),
            DemoRevision(
                author=MEMBER,
                summary="Add good practice for drone operations",
                body=_body(
                    _ROB_INTRO,
                    _ROB_WHAT,
                    _ROB_USE,
                    _ROB_RISKS,
                    _ROB_LENSES,
                    _ROB_PRACTICE,
                    _ROB_SEE_ALSO,
                ),
                days_after_start=1092,
            ),
        ),
    ),
)

_EVENT_PAGES: tuple[DemoPage, ...] = (
    DemoPage(
        section="Events",
        path="events",
        title="Events and meetings",
        tags=("events",),
        start="2018-08-06",
        revisions=(
            DemoRevision(
                author=WSADMIN,
                summary="List the 1st Global Meeting",
                body=_body(_EVENTS_INTRO_2018, _EVENTS_MEETINGS_2018),
                days_after_start=0,
            ),
            DemoRevision(
                author=MODERATOR,
                summary="Add the 2019 meetings and outreach",
                body=_body(_EVENTS_INTRO_2018, _EVENTS_MEETINGS_2019),
                days_after_start=427,
            ),
            DemoRevision(
                author=MEMBER,
                summary="Add the 3rd Global Meeting and the 2021 virtual rooms",
                body=_body(
                    _EVENTS_INTRO, _EVENTS_MEETINGS_2020, _EVENTS_ROOMS_ABOUT, _EVENTS_ROOMS_2021
                ),
                days_after_start=1127,
            ),
            DemoRevision(
                author=ADMIN,
                summary="Add the human rights consultation and VDR 3",
                body=_body(
                    _EVENTS_INTRO,
                    _EVENTS_MEETINGS_2020,
                    _EVENTS_ROOMS_ABOUT,
                    _EVENTS_ROOMS_2021_FULL,
                ),
                days_after_start=1253,
            ),
        ),
    ),
    DemoPage(
        section="Events",
        path="events/global-meetings",
        title="Global Meetings on AI for Law Enforcement",
        tags=("global-meeting", "unicri", "interpol"),
        start="2018-08-06",
        revisions=(
            DemoRevision(
                author=WSADMIN,
                summary="Record of the 1st Global Meeting",
                body=_body(_GM_INTRO, _GM_FIRST),
                days_after_start=0,
            ),
            DemoRevision(
                author=MODERATOR,
                summary="Add the 2nd Global Meeting",
                body=_body(_GM_INTRO, _GM_FIRST, _GM_SECOND),
                days_after_start=371,
            ),
            DemoRevision(
                author=MEMBER,
                summary="Add the 3rd Global Meeting (virtual)",
                body=_body(_GM_INTRO, _GM_FIRST, _GM_SECOND, _GM_THIRD),
                days_after_start=854,
            ),
            DemoRevision(
                author=ADMIN,
                summary="Explain how the meetings led to the Toolkit",
                body=_body(_GM_INTRO, _GM_FIRST, _GM_SECOND, _GM_THIRD, _GM_TOOLKIT),
                days_after_start=1064,
            ),
        ),
    ),
    DemoPage(
        section="Events",
        path="events/outreach-2019",
        title="UN high-level event and Tallinn panel (2019)",
        tags=("united-nations", "outreach"),
        start="2019-05-06",
        revisions=(
            DemoRevision(
                author=MEMBER,
                summary="Note on the high-level event in New York",
                body=_body(_OUT_INTRO, _OUT_UN),
                days_after_start=0,
            ),
            DemoRevision(
                author=WSADMIN,
                summary="Add the Tallinn Digital Summit panel",
                body=_body(_OUT_INTRO, _OUT_UN, _OUT_TALLINN),
                days_after_start=154,
            ),
            DemoRevision(
                author=MODERATOR,
                summary="Add why these events mattered, with a link to the Toolkit",
                body=_body(_OUT_INTRO, _OUT_UN, _OUT_TALLINN, _OUT_WHY),
                days_after_start=868,
            ),
        ),
    ),
    DemoPage(
        section="Events",
        path="events/vdr-1",
        title="VDR 1: Use cases for the Toolkit",
        tags=("vdr", "toolkit", "use-cases"),
        start="2021-03-05",
        revisions=(
            DemoRevision(
                author=WSADMIN,
                summary="Session record: date, format and theme",
                body=_body(_VDR1_FACTS, _VDR1_ABOUT),
                days_after_start=0,
            ),
            DemoRevision(
                author=MODERATOR,
                summary="Add the questions for each use case",
                body=_body(_VDR1_FACTS, _VDR1_ABOUT, _VDR1_DISCUSSED),
                days_after_start=7,
            ),
            DemoRevision(
                author=MEMBER,
                summary="Explain how the use cases fed into Part II",
                body=_body(_VDR1_FACTS, _VDR1_ABOUT, _VDR1_DISCUSSED, _VDR1_TOOLKIT),
                days_after_start=122,
            ),
        ),
    ),
    DemoPage(
        section="Events",
        path="events/vdr-2",
        title="VDR 2: Principles for responsible use of AI",
        tags=("vdr", "toolkit", "principles"),
        start="2021-06-10",
        revisions=(
            DemoRevision(
                author=WSADMIN,
                summary="Session record",
                body=_body(_VDR2_FACTS, _VDR2_ABOUT),
                days_after_start=0,
            ),
            DemoRevision(
                author=MEMBER,
                summary="Add the questions on the theme",
                body=_body(_VDR2_FACTS, _VDR2_ABOUT, _VDR2_DISCUSSED),
                days_after_start=6,
            ),
            DemoRevision(
                author=ADMIN,
                summary="Link the session to the principle pages and VDR 3",
                body=_body(_VDR2_FACTS, _VDR2_ABOUT, _VDR2_DISCUSSED, _VDR2_TOOLKIT),
                days_after_start=214,
            ),
        ),
    ),
    DemoPage(
        section="Events",
        path="events/vdr-3",
        title="VDR 3: Principles of policing and AI principles",
        tags=("vdr", "toolkit", "principles"),
        start="2021-12-15",
        revisions=(
            DemoRevision(
                author=MODERATOR,
                summary="Session record",
                body=_body(_VDR3_FACTS, _VDR3_ABOUT),
                days_after_start=0,
            ),
            DemoRevision(
                author=WSADMIN,
                summary="Add the table of principles side by side",
                body=_body(_VDR3_FACTS, _VDR3_ABOUT, _VDR3_MAPPING),
                days_after_start=5,
            ),
            DemoRevision(
                author=MEMBER,
                summary="Explain where the comparison appears in the Toolkit",
                body=_body(_VDR3_FACTS, _VDR3_ABOUT, _VDR3_MAPPING, _VDR3_TOOLKIT),
                days_after_start=33,
            ),
        ),
    ),
    DemoPage(
        section="Events",
        path="events/vtr-1",
        title="VTR 1: Introduction to AI for law enforcement",
        tags=("vtr", "training", "definitions"),
        start="2021-06-25",
        revisions=(
            DemoRevision(
                author=MODERATOR,
                summary="Session record",
                body=_body(_VTR1_FACTS, _VTR1_ABOUT),
                days_after_start=0,
            ),
            DemoRevision(
                author=MEMBER,
                summary="Summarise the three themes",
                body=_body(_VTR1_FACTS, _VTR1_ABOUT, _VTR1_CONTENT),
                days_after_start=6,
            ),
            DemoRevision(
                author=WSADMIN,
                summary="Link to Part I of the Toolkit",
                body=_body(_VTR1_FACTS, _VTR1_ABOUT, _VTR1_CONTENT, _VTR1_TOOLKIT),
                days_after_start=17,
            ),
        ),
    ),
    DemoPage(
        section="Events",
        path="events/vtr-2",
        title="VTR 2: Law enforcement use of AI",
        tags=("vtr", "training", "use-cases"),
        start="2021-07-16",
        revisions=(
            DemoRevision(
                author=MEMBER,
                summary="Session record",
                body=_body(_VTR2_FACTS, _VTR2_ABOUT),
                days_after_start=0,
            ),
            DemoRevision(
                author=MODERATOR,
                summary="Add the groups of uses and the project lessons",
                body=_body(_VTR2_FACTS, _VTR2_ABOUT, _VTR2_CONTENT),
                days_after_start=7,
            ),
            DemoRevision(
                author=ADMIN,
                summary="Link to the recommendations and topic pages",
                body=_body(_VTR2_FACTS, _VTR2_ABOUT, _VTR2_CONTENT, _VTR2_TOOLKIT),
                days_after_start=59,
            ),
        ),
    ),
    DemoPage(
        section="Events",
        path="events/vtr-3",
        title="VTR 3: Ethics of AI in policing",
        tags=("vtr", "training", "ethics"),
        start="2021-08-27",
        revisions=(
            DemoRevision(
                author=WSADMIN,
                summary="Session record",
                body=_body(_VTR3_FACTS, _VTR3_ABOUT),
                days_after_start=0,
            ),
            DemoRevision(
                author=MODERATOR,
                summary="Summarise the two parts of the session",
                body=_body(_VTR3_FACTS, _VTR3_ABOUT, _VTR3_CONTENT),
                days_after_start=6,
            ),
            DemoRevision(
                author=MEMBER,
                summary="Link to the Toolkit and the self-assessment",
                body=_body(_VTR3_FACTS, _VTR3_ABOUT, _VTR3_CONTENT, _VTR3_TOOLKIT),
                days_after_start=24,
            ),
        ),
    ),
    DemoPage(
        section="Events",
        path="events/human-rights-consultation",
        title="Human rights consultation on the Toolkit",
        tags=("human-rights", "consultation", "toolkit"),
        start="2021-11-18",
        revisions=(
            DemoRevision(
                author=WSADMIN,
                summary="Record of the consultation",
                body=_body(_HR_FACTS, _HR_ABOUT),
                days_after_start=0,
            ),
            DemoRevision(
                author=MODERATOR,
                summary="Add the rights at stake and the questions for a review",
                body=_body(_HR_FACTS, _HR_ABOUT, _HR_RIGHTS, _HR_QUESTIONS),
                days_after_start=6,
            ),
            DemoRevision(
                author=ADMIN,
                summary="Explain what changed in the Toolkit",
                body=_body(_HR_FACTS, _HR_ABOUT, _HR_RIGHTS, _HR_QUESTIONS, _HR_TOOLKIT),
                days_after_start=53,
            ),
        ),
    ),
)

_COOPERATION_PAGES: tuple[DemoPage, ...] = (
    DemoPage(
        section="Cooperation",
        path="unicri-cooperation",
        title="INTERPOL–UNICRI cooperation on AI for law enforcement",
        tags=("unicri", "interpol", "partnership"),
        start="2019-01-21",
        revisions=(
            DemoRevision(
                author=WSADMIN,
                summary="Describe the two partners",
                body=_body(_COOP_INTRO, _COOP_PARTNERS, _COOP_MILESTONES_2018),
                days_after_start=0,
            ),
            DemoRevision(
                author=MODERATOR,
                summary="Bring the milestones up to 2020",
                body=_body(_COOP_INTRO, _COOP_PARTNERS, _COOP_MILESTONES_2020),
                days_after_start=693,
            ),
            DemoRevision(
                author=ADMIN,
                summary="Add 2021 and the role of this workspace; add links",
                body=_body(_COOP_INTRO, _COOP_PARTNERS, _COOP_MILESTONES_2021, _COOP_WORKSPACE),
                days_after_start=1092,
            ),
        ),
    ),
)

_TOOLKIT_PAGES: tuple[DemoPage, ...] = (
    DemoPage(
        section="Toolkit",
        path="toolkit",
        title="Toolkit for Responsible AI Innovation in Law Enforcement",
        tags=("toolkit", "responsible-ai"),
        start="2021-03-15",
        revisions=(
            DemoRevision(
                author=WSADMIN,
                summary="Purpose and planned structure",
                body=_body(_TK_PURPOSE, _TK_STRUCTURE, _TK_STATUS_DRAFT),
                days_after_start=0,
            ),
            DemoRevision(
                author=ADMIN,
                summary="Add where to start; explain how the pages are curated",
                body=_body(_TK_PURPOSE, _TK_STRUCTURE, _TK_HOW_TO_USE, _TK_STATUS),
                days_after_start=315,
            ),
        ),
        protected=True,
    ),
    DemoPage(
        section="Toolkit",
        path="toolkit/definitions",
        title="I. Technical definitions of AI",
        tags=("toolkit", "definitions", "glossary"),
        start="2021-06-28",
        revisions=(
            DemoRevision(
                author=WSADMIN,
                summary="Part I: working definition and a first glossary",
                body=_body(_DEF_INTRO, _DEF_AI, _glossary(_GLOSSARY_FIRST)),
                days_after_start=0,
            ),
            DemoRevision(
                author=ADMIN,
                summary="Add the AI lifecycle and seven glossary terms",
                body=_body(
                    _DEF_INTRO, _DEF_AI, _DEF_LIFECYCLE, _glossary(_GLOSSARY_FULL), _DEF_SEE_ALSO
                ),
                days_after_start=84,
            ),
        ),
        protected=True,
    ),
    DemoPage(
        section="Toolkit",
        path="toolkit/principles",
        title="II. Principles for trustworthy, lawful and responsible use",
        tags=("toolkit", "principles"),
        start="2021-06-21",
        revisions=(
            DemoRevision(
                author=WSADMIN,
                summary="Part II: the seven principles and how they are presented",
                body=_body(_PR_INTRO, _PR_TABLE, _PR_HOW),
                days_after_start=0,
            ),
            DemoRevision(
                author=ADMIN,
                summary="Relate the principles to policing; add guidance on conflicts",
                body=_body(_PR_INTRO, _PR_TABLE, _PR_HOW, _PR_POLICING, _PR_TENSIONS),
                days_after_start=203,
            ),
        ),
        protected=True,
    ),
    DemoPage(
        section="Toolkit",
        path="toolkit/principles/lawfulness",
        title="Lawfulness",
        tags=("toolkit", "principles", "lawfulness"),
        start="2021-07-05",
        revisions=(
            DemoRevision(
                author=WSADMIN,
                summary="First version: use cases, requirements and best practices",
                body=_principle(_LAW_INTRO, _LAW_CASES, _LAW_REQUIREMENTS, _LAW_PRACTICES),
                days_after_start=0,
            ),
            DemoRevision(
                author=ADMIN,
                summary="Require a human rights impact assessment; add related pages",
                body=_body(
                    _principle(
                        _LAW_INTRO,
                        _LAW_CASES,
                        _with_item(_LAW_REQUIREMENTS, _LAW_REQUIREMENT_RIGHTS),
                        _LAW_PRACTICES,
                    ),
                    _LAW_RELATED,
                ),
                days_after_start=182,
            ),
        ),
        protected=True,
    ),
    DemoPage(
        section="Toolkit",
        path="toolkit/principles/fairness",
        title="Fairness and non-discrimination",
        tags=("toolkit", "principles", "fairness"),
        start="2021-07-12",
        revisions=(
            DemoRevision(
                author=WSADMIN,
                summary="First version: use cases, requirements and best practices",
                body=_principle(_FAIR_INTRO, _FAIR_CASES, _FAIR_REQUIREMENTS, _FAIR_PRACTICES),
                days_after_start=0,
            ),
            DemoRevision(
                author=ADMIN,
                summary="Add a route to review for people affected; add related pages",
                body=_body(
                    _principle(
                        _FAIR_INTRO,
                        _FAIR_CASES,
                        _with_item(_FAIR_REQUIREMENTS, _FAIR_REQUIREMENT_REVIEW),
                        _FAIR_PRACTICES,
                    ),
                    _FAIR_RELATED,
                ),
                days_after_start=176,
            ),
        ),
        protected=True,
    ),
    DemoPage(
        section="Toolkit",
        path="toolkit/principles/transparency",
        title="Transparency and explainability",
        tags=("toolkit", "principles", "transparency"),
        start="2021-07-19",
        revisions=(
            DemoRevision(
                author=WSADMIN,
                summary="First version: use cases, requirements and best practices",
                body=_principle(_TRANS_INTRO, _TRANS_CASES, _TRANS_REQUIREMENTS, _TRANS_PRACTICES),
                days_after_start=0,
            ),
            DemoRevision(
                author=ADMIN,
                summary="Require plain-language information for the public; add links",
                body=_body(
                    _principle(
                        _TRANS_INTRO,
                        _TRANS_CASES,
                        _with_item(_TRANS_REQUIREMENTS, _TRANS_REQUIREMENT_PUBLIC),
                        _TRANS_PRACTICES,
                    ),
                    _TRANS_RELATED,
                ),
                days_after_start=170,
            ),
        ),
        protected=True,
    ),
    DemoPage(
        section="Toolkit",
        path="toolkit/principles/accountability",
        title="Accountability",
        tags=("toolkit", "principles", "accountability"),
        start="2021-07-26",
        revisions=(
            DemoRevision(
                author=WSADMIN,
                summary="First version: use cases, requirements and best practices",
                body=_principle(_ACC_INTRO, _ACC_CASES, _ACC_REQUIREMENTS, _ACC_PRACTICES),
                days_after_start=0,
            ),
            DemoRevision(
                author=ADMIN,
                summary="Set out remedies after the human rights consultation; add links",
                body=_body(
                    _principle(
                        _ACC_INTRO,
                        _ACC_CASES,
                        _with_item(_ACC_REQUIREMENTS, _ACC_REQUIREMENT_REMEDY),
                        _ACC_PRACTICES,
                    ),
                    _ACC_RELATED,
                ),
                days_after_start=164,
            ),
        ),
        protected=True,
    ),
    DemoPage(
        section="Toolkit",
        path="toolkit/principles/human-oversight",
        title="Human oversight",
        tags=("toolkit", "principles", "human-oversight"),
        start="2021-08-02",
        revisions=(
            DemoRevision(
                author=WSADMIN,
                summary="First version: use cases, requirements and best practices",
                body=_principle(_HUM_INTRO, _HUM_CASES, _HUM_REQUIREMENTS, _HUM_PRACTICES),
                days_after_start=0,
            ),
            DemoRevision(
                author=ADMIN,
                summary="Require a quick way to suspend a system; add related pages",
                body=_body(
                    _principle(
                        _HUM_INTRO,
                        _HUM_CASES,
                        _with_item(_HUM_REQUIREMENTS, _HUM_REQUIREMENT_STOP),
                        _HUM_PRACTICES,
                    ),
                    _HUM_RELATED,
                ),
                days_after_start=158,
            ),
        ),
        protected=True,
    ),
    DemoPage(
        section="Toolkit",
        path="toolkit/principles/safety-and-robustness",
        title="Safety and robustness",
        tags=("toolkit", "principles", "safety-and-robustness"),
        start="2021-08-09",
        revisions=(
            DemoRevision(
                author=WSADMIN,
                summary="First version: use cases, requirements and best practices",
                body=_principle(_SAFE_INTRO, _SAFE_CASES, _SAFE_REQUIREMENTS, _SAFE_PRACTICES),
                days_after_start=0,
            ),
            DemoRevision(
                author=ADMIN,
                summary="Add criteria for withdrawal; add related pages",
                body=_body(
                    _principle(
                        _SAFE_INTRO,
                        _SAFE_CASES,
                        _with_item(_SAFE_REQUIREMENTS, _SAFE_REQUIREMENT_WITHDRAW),
                        _SAFE_PRACTICES,
                    ),
                    _SAFE_RELATED,
                ),
                days_after_start=155,
            ),
        ),
        protected=True,
    ),
    DemoPage(
        section="Toolkit",
        path="toolkit/principles/privacy",
        title="Privacy and data protection",
        tags=("toolkit", "principles", "privacy"),
        start="2021-08-16",
        revisions=(
            DemoRevision(
                author=WSADMIN,
                summary="First version: use cases, requirements and best practices",
                body=_principle(_PRIV_INTRO, _PRIV_CASES, _PRIV_REQUIREMENTS, _PRIV_PRACTICES),
                days_after_start=0,
            ),
            DemoRevision(
                author=ADMIN,
                summary="Involve the data protection officer from the start; add links",
                body=_body(
                    _principle(
                        _PRIV_INTRO,
                        _PRIV_CASES,
                        _with_item(_PRIV_REQUIREMENTS, _PRIV_REQUIREMENT_DPO),
                        _PRIV_PRACTICES,
                    ),
                    _PRIV_RELATED,
                ),
                days_after_start=149,
            ),
        ),
        protected=True,
    ),
    DemoPage(
        section="Toolkit",
        path="toolkit/audience",
        title="III. Target audience and stakeholder roles",
        tags=("toolkit", "roles", "governance"),
        start="2021-08-30",
        revisions=(
            DemoRevision(
                author=WSADMIN,
                summary="Part III: roles inside and outside the agency",
                body=_body(_AUD_INTRO, _AUD_INSIDE, _AUD_OUTSIDE),
                days_after_start=0,
            ),
            DemoRevision(
                author=ADMIN,
                summary="Add who leads at each stage of the lifecycle",
                body=_body(_AUD_INTRO, _AUD_INSIDE, _AUD_OUTSIDE, _AUD_LIFECYCLE),
                days_after_start=91,
            ),
        ),
        protected=True,
    ),
    DemoPage(
        section="Toolkit",
        path="toolkit/recommendations",
        title="IV. Recommendations for law enforcement agencies",
        tags=("toolkit", "recommendations"),
        start="2021-09-06",
        revisions=(
            DemoRevision(
                author=WSADMIN,
                summary="Part IV: eight recommendations",
                body=_body(_REC_INTRO, _REC_FIRST),
                days_after_start=0,
            ),
            DemoRevision(
                author=ADMIN,
                summary="Add recommendations on openness, criminal use of AI and sharing",
                body=_body(_REC_INTRO, _REC_FIRST, _REC_LATER),
                days_after_start=154,
            ),
        ),
        protected=True,
    ),
    DemoPage(
        section="Toolkit",
        path="toolkit/references",
        title="References and further reading",
        tags=("toolkit", "references", "research"),
        start="2021-06-28",
        revisions=(
            DemoRevision(
                author=WSADMIN,
                summary="First list of references",
                body=_body(_REF_INTRO, _REF_JOINT, _REF_RIGHTS, _REF_FRAMEWORKS, _REF_DATA),
                days_after_start=0,
            ),
            DemoRevision(
                author=ADMIN,
                summary="Add UNESCO, standards and research",
                body=_body(
                    _REF_INTRO,
                    _REF_JOINT,
                    _REF_RIGHTS,
                    _REF_FRAMEWORKS_FULL,
                    _REF_DATA,
                    _REF_STANDARDS,
                    _REF_RESEARCH,
                ),
                days_after_start=217,
            ),
        ),
        protected=True,
    ),
    DemoPage(
        section="Toolkit",
        path="toolkit/self-assessment",
        title="Self-assessment questionnaire",
        tags=("toolkit", "self-assessment", "compliance"),
        start="2021-09-13",
        revisions=(
            DemoRevision(
                author=WSADMIN,
                summary="Describe the questionnaire and how to use it",
                body=_body(_SA_INTRO, _SA_BUILT, _SA_STEPS),
                days_after_start=0,
            ),
            DemoRevision(
                author=ADMIN,
                summary="Add example questions and what the questionnaire is not",
                body=_body(_SA_INTRO, _SA_BUILT, _SA_EXAMPLES, _SA_STEPS, _SA_NOT),
                days_after_start=154,
            ),
        ),
        protected=True,
    ),
)

PAGES: tuple[DemoPage, ...] = _TOPIC_PAGES + _EVENT_PAGES + _COOPERATION_PAGES + _TOOLKIT_PAGES
