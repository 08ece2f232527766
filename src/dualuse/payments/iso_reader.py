"""Bound ISO 20022 messages (pacs.008, pacs.009 incl. COV, pain.001, pacs.002) into `Transaction`s.

One transaction per credit-transfer transaction (`CdtTrfTxInf`); a pacs.002 gives one status
transaction per `TxInfAndSts`, which `cover.link` attaches to its original when both are read.
The bindings' attribute names are the same across the supported versions (they are generated
from the schemas' XML tags), so one reader serves every version; fields a version lacks read as
absent. Every party, address line and free-text field keeps its element path in `source`
("pacs.008 CdtTrfTxInf/Cdtr", "pacs.009 CdtTrfTxInf/UndrlygCstmrCdtTrf/Dbtr").
This module does no I/O.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from dualuse.model import FreeText, Party, Transaction
from dualuse.payments.bic import bic_country, canonical_bic
from dualuse.payments.iso import IsoMessage

# (attribute, XML tag, role); accounts are read from `<attribute>_acct`.
_AGENTS = (
    ("prvs_instg_agt1", "PrvsInstgAgt1", "previous_instructing_agent"),
    ("prvs_instg_agt2", "PrvsInstgAgt2", "previous_instructing_agent"),
    ("prvs_instg_agt3", "PrvsInstgAgt3", "previous_instructing_agent"),
    ("instg_agt", "InstgAgt", "instructing_agent"),
    ("instd_agt", "InstdAgt", "instructed_agent"),
    ("intrmy_agt1", "IntrmyAgt1", "intermediary_bank"),
    ("intrmy_agt2", "IntrmyAgt2", "intermediary_bank"),
    ("intrmy_agt3", "IntrmyAgt3", "intermediary_bank"),
    ("dbtr_agt", "DbtrAgt", "ordering_bank"),
    ("cdtr_agt", "CdtrAgt", "beneficiary_bank"),
)
_CUSTOMERS = (
    ("initg_pty", "InitgPty", "initiating_party"),
    ("ultmt_dbtr", "UltmtDbtr", "ultimate_debtor"),
    ("dbtr", "Dbtr", "originator"),
    ("cdtr", "Cdtr", "beneficiary"),
    ("ultmt_cdtr", "UltmtCdtr", "ultimate_creditor"),
)
_REIMBURSEMENT = (
    ("instg_rmbrsmnt_agt", "InstgRmbrsmntAgt"),
    ("instd_rmbrsmnt_agt", "InstdRmbrsmntAgt"),
    ("thrd_rmbrsmnt_agt", "ThrdRmbrsmntAgt"),
)
_ADDRESS_PARTS = (
    ("dept", "Dept"),
    ("sub_dept", "SubDept"),
    ("strt_nm", "StrtNm"),
    ("bldg_nb", "BldgNb"),
    ("bldg_nm", "BldgNm"),
    ("flr", "Flr"),
    ("pst_bx", "PstBx"),
    ("room", "Room"),
    ("pst_cd", "PstCd"),
    ("twn_nm", "TwnNm"),
    ("twn_lctn_nm", "TwnLctnNm"),
    ("dstrct_nm", "DstrctNm"),
    ("ctry_sub_dvsn", "CtrySubDvsn"),
)
_ID_SCHEMES = {"TXID": "tax_id", "COID": "registration", "CUST": "customer_id", "NIDN": "national_id"}
_ID_SCHEMES |= {"CCPT": "passport", "BANK": "bank_party_id", "DUNS": "duns", "EMPL": "employer_id"}


def to_transactions(message: IsoMessage) -> list[Transaction]:
    readers = {
        "pacs.008": _pacs008,
        "pacs.009": _pacs009,
        "pain.001": _pain001,
        "pacs.002": _pacs002,
    }
    return readers[message.message](message)


def _pacs008(message: IsoMessage) -> list[Transaction]:
    root = message.document.fito_ficstmr_cdt_trf
    return _interbank(message, root, "pacs.008")


def _pacs009(message: IsoMessage) -> list[Transaction]:
    root = message.document.ficdt_trf
    return _interbank(message, root, "pacs.009")


def _interbank(message: IsoMessage, root: Any, name: str) -> list[Transaction]:
    group = root.grp_hdr
    items = list(root.cdt_trf_tx_inf)
    transactions = []
    for index, item in enumerate(items):
        path = f"{name} {_repeated('CdtTrfTxInf', index, len(items))}"
        builder = _Builder(message, _transaction_id(group.msg_id, item.pmt_id, index, len(items)))
        transaction = builder.transaction
        amount = item.intr_bk_sttlm_amt
        transaction.amount, transaction.currency = float(amount.value), amount.ccy
        transaction.date = _date(item.intr_bk_sttlm_dt or _get(group, "intr_bk_sttlm_dt") or group.cre_dt_tm)
        transaction.extra["created"] = str(group.cre_dt_tm)
        _payment_ids(transaction, item.pmt_id)
        builder.group_agents(group, name)
        builder.transfer(item, path, financial_parties=name == "pacs.009")
        underlying = _get(item, "undrlyg_cstmr_cdt_trf")
        if underlying is not None:
            transaction.extra["cover"] = True
            builder.transfer(underlying, f"{path}/UndrlygCstmrCdtTrf", financial_parties=False)
            if _get(underlying, "instd_amt") is not None:
                transaction.extra["instructed_amount"] = _amount_dict(underlying.instd_amt)
        transaction.extra["message_type"] = f"{name} COV" if transaction.extra.get("cover") else name
        transaction.extra["settlement_method"] = _get(_get(group, "sttlm_inf"), "sttlm_mtd")
        transaction.remittance_info = builder.remittance()
        transactions.append(transaction)
    return transactions


def _pain001(message: IsoMessage) -> list[Transaction]:
    root = message.document.cstmr_cdt_trf_initn
    group = root.grp_hdr
    blocks = list(root.pmt_inf)
    total = sum(len(block.cdt_trf_tx_inf) for block in blocks)
    transactions = []
    for block_index, block in enumerate(blocks):
        block_path = f"pain.001 {_repeated('PmtInf', block_index, len(blocks))}"
        items = list(block.cdt_trf_tx_inf)
        for index, item in enumerate(items):
            path = f"{block_path}/{_repeated('CdtTrfTxInf', index, len(items))}"
            reference = group.msg_id if total == 1 else f"{group.msg_id}/{block.pmt_inf_id}"
            builder = _Builder(message, _transaction_id(reference, item.pmt_id, index, len(items)))
            transaction = builder.transaction
            amount = _get(item.amt, "instd_amt") or _get(_get(item.amt, "eqvt_amt"), "amt")
            if amount is not None:
                transaction.amount, transaction.currency = float(amount.value), amount.ccy
            requested = block.reqd_exctn_dt
            transaction.date = _date(_get(requested, "dt") or _get(requested, "dt_tm") or requested)
            transaction.extra["created"] = str(group.cre_dt_tm)
            _payment_ids(transaction, item.pmt_id)
            builder.add_party(_get(group, "initg_pty"), "initiating_party", "pain.001 GrpHdr/InitgPty")
            builder.transfer(block, block_path, financial_parties=False)
            builder.transfer(item, path, financial_parties=False)
            transaction.extra["message_type"] = "pain.001"
            transaction.extra["payment_information_id"] = block.pmt_inf_id
            transaction.remittance_info = builder.remittance()
            transactions.append(transaction)
    return transactions


def _pacs002(message: IsoMessage) -> list[Transaction]:
    root = message.document.fito_fipmt_sts_rpt
    group = root.grp_hdr
    group_status = _get(root, "orgnl_grp_inf_and_sts")
    items = list(root.tx_inf_and_sts)
    transactions = []
    for index, item in enumerate(items):
        path = f"pacs.002 {_repeated('TxInfAndSts', index, len(items))}"
        transaction_id = group.msg_id if len(items) == 1 else f"{group.msg_id}/{index + 1}"
        builder = _Builder(message, transaction_id)
        transaction = builder.transaction
        transaction.type = "status_report"
        transaction.date = _date(group.cre_dt_tm)
        original = _get(item, "orgnl_grp_inf") or group_status
        reasons = [
            _get(_get(info, "rsn"), "cd") or _get(_get(info, "rsn"), "prtry") for info in item.sts_rsn_inf
        ]
        transaction.extra.update(
            {
                "message_type": "pacs.002",
                "status": _get(item, "tx_sts") or _get(group_status, "grp_sts"),
                "status_reasons": [reason for reason in reasons if reason],
                "original_message_id": _get(original, "orgnl_msg_id"),
                "original_message_type": _get(original, "orgnl_msg_nm_id"),
                "original_instruction_id": item.orgnl_instr_id,
                "original_end_to_end_id": item.orgnl_end_to_end_id,
                "original_uetr": _get(item, "orgnl_uetr"),
            }
        )
        for info in item.sts_rsn_inf:
            for line in _get(info, "addtl_inf") or []:
                transaction.free_text.append(FreeText(source=f"{path}/StsRsnInf/AddtlInf", text=line))
        builder.agents(item, path)
        original_transfer = _get(item, "orgnl_tx_ref")
        if original_transfer is not None:  # the original's parties, when the report repeats them
            builder.transfer(original_transfer, f"{path}/OrgnlTxRef", financial_parties=False)
        transactions.append(transaction)
    return transactions


class _Builder:
    """Collects the parties and free text of one transaction from the binding objects."""

    def __init__(self, message: IsoMessage, transaction_id: str) -> None:
        self.message = message
        self.transaction = Transaction(id=transaction_id, type="payment", extra=_header_extra(message))
        self._remittance: list[str] = []

    def group_agents(self, group: Any, name: str) -> None:
        for attribute, tag, role in _AGENTS:
            if role in ("instructing_agent", "instructed_agent"):  # older versions carry them here
                self.add_agent(_get(group, attribute), role, f"{name} GrpHdr/{tag}")
        settlement = _get(group, "sttlm_inf")
        for attribute, tag in _REIMBURSEMENT:
            self.add_agent(
                _get(settlement, attribute), "reimbursement_agent", f"{name} GrpHdr/SttlmInf/{tag}"
            )

    def agents(self, item: Any, path: str) -> None:
        for attribute, tag, role in _AGENTS:
            self.add_agent(_get(item, attribute), role, f"{path}/{tag}", _get(item, f"{attribute}_acct"))

    def transfer(self, item: Any, path: str, *, financial_parties: bool) -> None:
        """Agents, parties (for pacs.009, the debtor and creditor are banks), texts of a transfer."""
        self.agents(item, path)
        for attribute, tag, role in _CUSTOMERS:
            party, account = _get(item, attribute), _get(item, f"{attribute}_acct")
            if financial_parties and attribute in ("dbtr", "cdtr"):
                self.add_agent(party, role, f"{path}/{tag}", account)
            else:
                self.add_party(party, role, f"{path}/{tag}", account)
        self._texts(item, path)

    def add_party(self, party: Any, role: str, source: str, account: Any = None) -> None:
        if party is None:
            return
        if _get(party, "agt") is not None:  # Party40Choice (OrgnlTxRef): a bank in the role
            self.add_agent(party.agt, role, f"{source}/Agt", account)
            return
        if _get(party, "pty") is not None:
            party, source = party.pty, f"{source}/Pty"
        identifiers, bic = _party_identifiers(party)
        address = _get(party, "pstl_adr")
        country = _get(address, "ctry") or _get(party, "ctry_of_res") or (bic_country(bic) if bic else None)
        self._append(
            Party(role, _clean(_get(party, "nm")), country, None, identifiers, bic, _account(account), source)
        )
        self._address(address, source)

    def add_agent(self, agent: Any, role: str, source: str, account: Any = None) -> None:
        institution = _get(agent, "fin_instn_id")
        if institution is None:
            return
        bic = canonical_bic(_get(institution, "bicfi") or _get(institution, "bic") or "")
        identifiers: dict[str, str] = {}
        if lei := _get(institution, "lei"):
            identifiers["lei"] = lei
        member = _get(institution, "clr_sys_mmb_id")
        clearing_code = _get(_get(member, "clr_sys_id"), "cd")
        if member is not None and member.mmb_id != "NOTPROVIDED":
            identifiers[f"clearing_{(clearing_code or 'member').lower()}"] = member.mmb_id
        address = _get(institution, "pstl_adr")
        country = _get(address, "ctry") or (bic_country(bic) if bic else None)
        if country is None and clearing_code and len(clearing_code) == 5 and clearing_code.isalpha():
            country = clearing_code[:2]  # clearing system codes start with their country (RUCBC, USABA)
        name = _clean(_get(institution, "nm"))
        self._append(Party(role, name, country, None, identifiers, bic, _account(account), source))
        self._address(address, f"{source}/FinInstnId")

    def remittance(self) -> str | None:
        return " ".join(self._remittance) or None

    def _append(self, party: Party) -> None:
        self.transaction.parties.append(party)

    def _address(self, address: Any, source: str) -> None:
        """Set the last party's address; each line becomes an address free-text entry."""
        if address is None:
            return
        parts = [(f"AdrLine[{i + 1}]", line) for i, line in enumerate(_get(address, "adr_line") or [])]
        parts += [(tag, value) for attribute, tag in _ADDRESS_PARTS if (value := _get(address, attribute))]
        joined = _join_address(parts)
        self.transaction.parties[-1].address = joined or None
        for tag, value in parts:
            if tag != "PstCd":
                self.transaction.free_text.append(
                    FreeText(source=f"{source}/PstlAdr/{tag}", text=str(value), kind="address")
                )

    def _texts(self, item: Any, path: str) -> None:
        remittance = _get(item, "rmt_inf")
        for line in _get(remittance, "ustrd") or []:
            self._remittance.append(line)
            self.transaction.free_text.append(FreeText(source=f"{path}/RmtInf/Ustrd", text=line))
        for structured in _get(remittance, "strd") or []:
            text = " ".join(_strings(structured))
            if text:
                self._remittance.append(text)
                self.transaction.free_text.append(FreeText(source=f"{path}/RmtInf/Strd", text=text))
        for attribute, tag in (
            ("instr_for_cdtr_agt", "InstrForCdtrAgt"),
            ("instr_for_nxt_agt", "InstrForNxtAgt"),
        ):
            for instruction in _get(item, attribute) or []:
                if text := _get(instruction, "instr_inf"):
                    self.transaction.free_text.append(FreeText(source=f"{path}/{tag}/InstrInf", text=text))
        for report in _get(item, "rgltry_rptg") or []:
            for details in _get(report, "dtls") or []:
                if code := _get(details, "cd"):
                    self.transaction.extra.setdefault("regulatory_codes", []).append(code)
                text = " ".join(_get(details, "inf") or [])
                if text:
                    self.transaction.free_text.append(
                        FreeText(source=f"{path}/RgltryRptg/Dtls/Inf", text=text)
                    )
        purpose = _get(item, "purp")
        if code := _get(purpose, "cd") or _get(purpose, "prtry"):
            self.transaction.extra.setdefault("purpose_codes", []).append(code)
        category = _get(_get(_get(item, "pmt_tp_inf"), "ctgy_purp"), "cd")
        if category:
            self.transaction.extra["category_purpose"] = category


def _party_identifiers(party: Any) -> tuple[dict[str, str], str | None]:
    identifiers: dict[str, str] = {}
    choice = _get(party, "id")
    organisation, person = _get(choice, "org_id"), _get(choice, "prvt_id")
    bic = canonical_bic(_get(organisation, "any_bic") or _get(organisation, "bic_or_bei") or "")
    if lei := _get(organisation, "lei"):
        identifiers["lei"] = lei
    for other in (_get(organisation, "othr") or []) + (_get(person, "othr") or []):
        scheme = _get(_get(other, "schme_nm"), "cd") or _get(_get(other, "schme_nm"), "prtry") or "other"
        identifiers[_ID_SCHEMES.get(scheme, scheme.lower())] = other.id
    birth = _get(_get(person, "dt_and_plc_of_birth"), "birth_dt")
    if birth is not None:
        identifiers["birth_date"] = str(birth)
    return identifiers, bic


def _account(account: Any) -> str | None:
    choice = _get(account, "id")
    value = _get(choice, "iban") or _get(_get(choice, "othr"), "id")
    return None if value in (None, "NOTPROVIDED") else str(value)


def _payment_ids(transaction: Transaction, payment_id: Any) -> None:
    for attribute, key in (
        ("instr_id", "instruction_id"),
        ("end_to_end_id", "end_to_end_id"),
        ("tx_id", "transaction_reference"),
        ("uetr", "uetr"),
    ):
        if value := _get(payment_id, attribute):
            transaction.extra[key] = value


def _header_extra(message: IsoMessage) -> dict[str, Any]:
    extra: dict[str, Any] = {"file": message.file, "line": message.line, "schema": message.identifier}
    header = message.header
    for tag, key in (
        ("BizMsgIdr", "business_message_id"),
        ("MsgDefIdr", "header_message_definition"),
        ("BizSvc", "business_service"),
    ):
        if tag in header:
            extra[key] = header[tag]
    return extra


def _repeated(tag: str, index: int, count: int) -> str:
    """An element's path step: numbered from 1 ("CdtTrfTxInf[2]") only when it repeats."""
    return f"{tag}[{index + 1}]" if count > 1 else tag


def _transaction_id(reference: str, payment_id: Any, index: int, count: int) -> str:
    if count == 1:
        return reference
    return f"{reference}/{_get(payment_id, 'end_to_end_id') or index + 1}"


def _join_address(parts: list[tuple[str, Any]]) -> str:
    """ "High Street 5, 1417 Epping": free lines first, then street and number, postcode and town."""
    values = {tag: str(value) for tag, value in parts}
    lines = [str(value) for tag, value in parts if tag.startswith("AdrLine") or tag in ("Dept", "SubDept")]
    street = " ".join(values[tag] for tag in ("StrtNm", "BldgNb") if tag in values)
    building = [values[tag] for tag in ("BldgNm", "Flr", "PstBx", "Room") if tag in values]
    town = " ".join(values[tag] for tag in ("PstCd", "TwnNm") if tag in values)
    region = [values[tag] for tag in ("TwnLctnNm", "DstrctNm", "CtrySubDvsn") if tag in values]
    return ", ".join(text for text in [*lines, street, *building, town, *region] if text)


def _strings(value: Any) -> list[str]:
    """Every string inside a structured remittance block, depth first."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for element in value for text in _strings(element)]
    fields = getattr(value, "__dataclass_fields__", None)
    if fields is None:
        return []
    return [text for name in fields for text in _strings(getattr(value, name))]


def _clean(name: str | None) -> str | None:
    return " ".join(name.split()) or None if name else None


def _date(value: Any) -> str | None:
    return str(value)[:10] if value is not None else None


def _amount_dict(amount: Any) -> dict[str, Any]:
    return {"currency": amount.ccy, "amount": float(amount.value)}


def _get(obj: Any, attribute: str) -> Any:
    """The attribute, or None when the element or its parent is absent; code lists as their code."""
    value = getattr(obj, attribute, None) if obj is not None else None
    return value.value if isinstance(value, Enum) else value
