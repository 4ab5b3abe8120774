import type { ReactElement } from "react";

/**
 * A handful of 16px line icons, inline so the popup ships no icon font or image requests.
 * Decorative: always aria-hidden, the text beside them carries the meaning.
 */

const PATHS = {
  calendar: "M4 5h12v11H4zM4 8.5h12M7.5 3v3.5M12.5 3v3.5",
  clock: "M10 17a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM10 6v4l2.5 2",
  place: "M10 17s5-4.6 5-8.5a5 5 0 0 0-10 0C5 12.4 10 17 10 17zM10 10.2a1.7 1.7 0 1 0 0-3.4 1.7 1.7 0 0 0 0 3.4z",
  video: "M3.5 6h9v8h-9zM12.5 9l4-2.5v7l-4-2.5",
  document: "M6 3h5.5L15 6.5V17H6zM11 3v4h4M8.5 10.5h4M8.5 13.5h4",
  download: "M10 3.5v9M6.5 9l3.5 3.5L13.5 9M4.5 16h11",
  settings: "M3.5 6.5h7M14.5 6.5h2M3.5 13.5h2M9.5 13.5h7M12.5 8.5a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM7.5 15.5a2 2 0 1 0 0-4 2 2 0 0 0 0 4z",
  alert: "M10 3 2.5 16.5h15zM10 8v4M10 14.2v.3",
  mail: "M3 5h14v10H3zM3 5.5l7 5.5 7-5.5",
  phone: "M5 3h3l1.5 4-2 1.2a9 9 0 0 0 4.3 4.3L13 10.5l4 1.5v3a2 2 0 0 1-2 2A13 13 0 0 1 3 5a2 2 0 0 1 2-2z",
  search: "M9 15a6 6 0 1 0 0-12 6 6 0 0 0 0 12zM13.5 13.5 17 17",
  check: "M4.5 10.5 8 14l7.5-8",
  hourglass: "M6 3h8M6 17h8M7 3c0 4 6 4 6 7s-6 3-6 7M13 3c0 4-6 4-6 7s6 3 6 7",
  plus: "M10 4.5v11M4.5 10h11",
  chevronDown: "M5.5 8 10 12.5 14.5 8",
  chevronUp: "M5.5 12 10 7.5 14.5 12",
  chevronLeft: "M12 5.5 7.5 10 12 14.5",
  chevronRight: "M8 5.5 12.5 10 8 14.5",
  external: "M11 4h5v5M16 4l-7 7M14 11.5V16H4V6h4.5",
  copy: "M7 7h9v9H7zM4 13V4h9",
  link: "M8.5 11.5a3 3 0 0 0 4.2 0l2.6-2.6a3 3 0 0 0-4.2-4.2l-.9.9M11.5 8.5a3 3 0 0 0-4.2 0l-2.6 2.6a3 3 0 0 0 4.2 4.2l.9-.9",
} as const;

type IconName = keyof typeof PATHS;

export function Icon({ name, className }: { name: IconName; className?: string }): ReactElement {
  return (
    <svg
      className={className ? `icon ${className}` : "icon"}
      viewBox="0 0 20 20"
      width="16"
      height="16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
