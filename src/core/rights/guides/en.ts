/** The rights guides in English (the source text). */
import type { Guides } from './guide.types.js';

export const en: Guides = {
  police: `# When the police come

Police may stop you in the street, check a place where you work, or raid a flat or a club. This guide is general: the law is different in each country. Read [the profile of your country](/rights/map) too, and ask a sex-worker organisation what police usually do where you are.

## Before: prepare

- Learn one or two phone numbers by heart: a friend, your organisation, a lawyer. Your phone may be taken.
- Keep copies of important documents in a safe place, away from where you work. Nobody else should keep your passport.
- Agree with the people you work with what each of you will do, and whom to call, if police come.
- If you have the card of a lawyer or an organisation, keep it with you.

## During: stay as safe as you can

- Stay calm. Do not run and do not fight back, even if the police are rough or unfair. Resisting can be a crime in itself.
- Ask: "Am I free to go?" If the answer is yes, you can leave calmly.
- Ask why they are stopping you, and who they are: police, immigration, labour inspection or city officials.
- You may have to give your name, and in some countries show ID. Giving a false name or false papers is usually a crime and makes things worse. If you are not sure what you must give, say that you want to speak to a lawyer.
- Apart from that, you usually have the right to stay silent. You can say: "I want to speak to a lawyer before I answer questions."
- Do not sign anything you do not understand, or anything in a language you cannot read. You can ask for an interpreter.
- Police may ask you to give information about clients, managers or others. You can refuse. Promises made in return for information are often not kept.
- If they take your money, phone or condoms, ask for a written record of what they took.
- Try to remember names, badge numbers, the car, the time and the place, and who else was there.

## If you are arrested or detained

- Ask for a lawyer, and for an interpreter if you need one. In many countries legal help is free for people who cannot pay.
- Ask to let someone know where you are.
- Consulates: you can usually decide whether the police tell the consulate of your country. Think about your safety before you ask for it or agree to it.
- If you fear for your life or safety in your country of origin, say so clearly and ask for asylum. Talk to a lawyer about it as early as you can.
- If you need medicine (for example for HIV) or a doctor, say so.
- If someone forced you into this work, or keeps your money or your papers, you may be a victim of trafficking. Victims have rights: read [Your rights as a victim of crime](/rights/guides/victims) and tell a lawyer or a specialised organisation.

## After

- Write down everything as soon as you can: what happened, when, who was there, what was said and what was taken.
- Take photos of any injuries and see a doctor. Keep the medical papers.
- Tell your organisation. You can report police violence or theft [through Parasol](/report) without your name: nothing goes to the police unless you choose it.
- In most countries you can complain about the police. Talk to a lawyer or an organisation first about the risks and the deadlines.
`,

  victims: `# Your rights as a victim of crime

Violence, rape, robbery, threats and exploitation are crimes against you, whatever your work and whatever your papers. This guide explains rights that exist in many European countries. How they work is different in each country, so talk to a sex-worker organisation or a lawyer before you decide what to do.

## Right after violence or rape

- Your health comes first. Go to a health service you trust ([see the services](/services)) as soon as you can. You do not need to go to the police to get health care.
- After sex without a condom, or after a rape, medicine can lower the risk of HIV. It is called PEP. It works best when you start it within a few hours, and no later than 72 hours (three days).
- Emergency contraception works best within 72 hours; some kinds work up to 120 hours (five days).
- Ask for tests for sexually transmitted infections, and for care of any injuries.
- In many places a doctor can record injuries and take evidence (a forensic examination) even if you have not decided whether to report. Ask whether the evidence can be kept for later. If you can, do not wash or throw away your clothes before.

## Rights of victims in the European Union

In the European Union, the Victims' Rights Directive (2012/29/EU) says that victims have rights without discrimination, including discrimination because of their residence status. These include the right:

- to information about your case and your rights in a language you understand, and to an interpreter when you talk to police or a court;
- to free and confidential support, whether or not you report the crime;
- to protection from the person who harmed you, and from being harmed again by the process;
- to ask for compensation.

In practice, police in some countries still check the papers of people who report a crime. This is why a "firewall" between reporting and immigration matters. Before you go, ask an organisation whether reporting is safe where you are.

## If you were trafficked or exploited

You may be a victim of trafficking if someone deceived, forced or threatened you, or used your debt or your difficult situation, to make you work, and took the profit. This can happen in sex work and in any other work. Trafficking is about what was done to you, not about sex work itself.

- **A reflection period.** Countries that signed the Council of Europe Convention on Action against Trafficking in Human Beings (most of Europe) must give a possible victim from abroad at least 30 days to recover and to decide whether to cooperate with the authorities. During that time you must not be sent out of the country. Some countries give longer.
- **A residence permit.** These countries must give victims a renewable residence permit when their personal situation requires it, or when they cooperate with an investigation. In the European Union, Directive 2004/81/EC sets out a permit for victims who cooperate. Some countries also give permits for humanitarian reasons, without cooperation.
- **Not being punished.** Victims should not be punished for offences they were forced to commit, such as using false papers or breaking immigration rules.
- **Support.** Safe housing, health care, counselling, legal help and an interpreter.

To get these rights, a person usually has to be recognised as a victim by the authorities or by an organisation named for this. This can involve the police. Talk to a specialised organisation or a lawyer first: they can explain how it works in your country and go with you.

## Your decision

You decide whether to report to the police. You can [report to Parasol](/report) without your name, get support without reporting, or report later. Keep evidence safe in the meantime: read [How to report safely](/rights/guides/reporting).
`,

  labour: `# Your rights at work

Whether or not sex work is legal where you are, and whether or not you have papers, you have rights. Some of them protect you at work. This guide is general: [the profile of your country](/rights/map) says how the law treats sex work there.

## Rights that protect everyone

- **Your documents are yours.** Nobody may keep your passport or ID: not a manager, an agent, a landlord or a partner. In many countries taking someone's documents is a crime and a sign of trafficking or forced labour.
- **Nobody may force you to work** or stop you from leaving. A debt cannot lawfully be used to keep you working (this is called debt bondage).
- **You can say no** to a client, to a practice, or to sex without a condom. Being made to do what you refused, or being fined for refusing, is abuse.
- **Violence at work is a crime**, whoever commits it.

## Money you are owed

- In many countries, workers can claim pay for work they have done, even without a work permit. In the European Union, the Employer Sanctions Directive (2009/52/EC) gives workers who have no right to stay the right to claim pay that an employer owes them.
- Where sex work is not recognised as work, these rights can be hard to use for sex work itself. They still apply to other jobs, such as cleaning, bar or care work.
- Fines, "deductions" and "debts" made up by a manager are often illegal.

## Keep a record

Write down, with dates: where and when you worked, your hours, what you earned, what was taken from you and by whom, names and phone numbers. Keep messages and screenshots. A record helps if you decide to claim money or report, now or later.

## Before you go to an authority

Labour inspectors can help workers, but in some countries they pass information to immigration authorities or come together with the police. Before you contact a labour inspection, a union or the police, ask a sex-worker organisation, a union that organises migrants, or a lawyer whether it is safe for you and what could happen.

## Working together

Working with other sex workers can be safer. In some countries it can count as running a brothel. Check [the profile of your country](/rights/map) and ask a local organisation about the risks.
`,

  reporting: `# How to report safely

You decide whether, when and to whom you report. Each way has risks and benefits. This guide helps you choose and keep yourself safe.

## Ways to report

- **To Parasol.** You can [report here](/report) without your name. Your report is encrypted, and only the caseworkers of the sex-worker organisation that receives it can read it. Nothing goes to the police or to immigration authorities unless you choose it in the form. You get a receipt code to read the replies.
- **To an organisation you trust**, in person or by phone. They can help you decide what to do next and go with you.
- **To the police.** Only you can decide this. Before you go, ask an organisation or a lawyer whether police where you are check the papers of people who report. In a few places police have promised not to do so (this is called safe reporting), but ask how it works in practice. You can take someone with you, and ask for an interpreter.
- **Anonymous information to the police.** Some organisations can pass on what happened and who did it, without your name. In the Parasol form this is the choice "anonymous information only".

## Protect yourself while you report

- If you can, use a phone or computer that only you use. On a shared device, use a private window and close it afterwards.
- Tor Browser hides where you are connecting from. Parasol works in Tor Browser, even with JavaScript turned off.
- The "Leave this site now" button at the top of every page takes you at once to a weather website.
- Keep your receipt code somewhere private: anyone who has it can read your report. You can save it as a phone number in your contacts, under a name only you understand.
- Write only what you are comfortable sharing. You can add more later.

## Keep evidence

- Do not delete messages, call lists, photos or adverts linked to what happened. Take screenshots where the date can be seen.
- Take photos of injuries and damage. See a doctor and keep the medical papers.
- Write down what happened while you remember it: the date, time and place, what was said, names, phone numbers or number plates.
- Keep copies somewhere safe, away from the person who harmed you, for example with a friend or an organisation.

## Warn others

If you agree, caseworkers can turn your report into a warning for other sex workers, without anything that could identify you. When several people report the same phone number or name, caseworkers are told, without anyone seeing the number in clear.
`,
};
