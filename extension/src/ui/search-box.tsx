import { Icon } from "./icons";
import "./search-box.css";

/** The search field on top of a list (practices, referents): a magnifier and a hidden label. */
export function SearchBox({
  id,
  label,
  placeholder,
  value,
  onValue,
}: {
  id: string;
  label: string;
  placeholder: string;
  value: string;
  onValue: (value: string) => void;
}) {
  return (
    <div className="search">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <Icon name="search" />
      <input id={id} type="search" value={value} placeholder={placeholder} onChange={(event) => onValue(event.target.value)} />
    </div>
  );
}
